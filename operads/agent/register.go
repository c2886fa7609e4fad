package agent

import (
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/poly"
)

func init() {
	ops := Standard()
	laws.Register("agent_operad", LawSet(ops))
	th, err := KgentsTheory(ops)
	if err != nil {
		panic(err)
	}
	laws.Register("agent_operad_kgents_theory", th)
	par, err := KgentsParTheory(ops, Eq(Normalised(UpToReassociation)))
	if err != nil {
		panic(err)
	}
	laws.Register("agent_operad_kgents_par_up_to_reassociation", par)
	laws.Register("agent_terms_acting_on_agents", TermAlgebraLaws(ops))
	var _ laws.Eq[poly.Agent] = Eq()
}
