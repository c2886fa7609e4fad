package observe_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kgents/kgents-core/laws/observe"
)

// FuzzRead: any input either reads, or fails with a ReadError naming the
// line; what reads encodes again to lines that read back the same.
func FuzzRead(f *testing.F) {
	f.Add([]byte(goodLine))
	f.Add([]byte(goodLine + "\n" + goodLine[:30]))
	f.Add([]byte(`{"type":"alert","title":"t","content":{"n":1},"property":"p","run_start":1.5}`))
	f.Add([]byte("{\"type\":\"test_case\"}\n\xff"))
	f.Add([]byte(`{"type":"info","title":"t","content":3,"property":"p","run_start":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := observe.Read(bytes.NewReader(data), "fuzz")
		if err != nil {
			var re *observe.ReadError
			if !errors.As(err, &re) || re.Line < 1 {
				t.Fatalf("error without a place: %v", err)
			}
			return
		}
		var buf []byte
		for i := range obs {
			buf = append(obs[i].AppendJSON(buf), '\n')
		}
		again, err := observe.Read(bytes.NewReader(buf), "again")
		if err != nil {
			t.Fatalf("re-encoded observations do not read: %v\n%s", err, buf)
		}
		if len(again) != len(obs) {
			t.Fatalf("re-read %d observations, want %d", len(again), len(obs))
		}
		for i := range obs {
			if again[i].Type != obs[i].Type || again[i].Status != obs[i].Status || again[i].Title != obs[i].Title {
				t.Fatalf("observation %d changed: %+v -> %+v", i, obs[i], again[i])
			}
		}
	})
}
