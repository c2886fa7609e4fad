"""A PEP 517 build backend in the standard library alone, so that
`pip install ./python` works without downloading setuptools or wheel.
It packs kgents_core/*.py into a pure-Python wheel."""

import base64
import hashlib
import os
import zipfile

NAME = "kgents_core"
DIST = "kgents_core"
VERSION = "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

METADATA = """Metadata-Version: 2.1
Name: kgents-core
Version: %s
Summary: Serve Python operads to the kgents-core law checker (lawcheck) and check their laws by behaviour
Requires-Python: >=3.9
""" % VERSION

WHEEL = """Wheel-Version: 1.0
Generator: kgents_build
Root-Is-Purelib: true
Tag: py3-none-any
"""


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _files():
    src = os.path.join(HERE, NAME)
    for f in sorted(os.listdir(src)):
        if f.endswith(".py"):
            with open(os.path.join(src, f), "rb") as fh:
                yield NAME + "/" + f, fh.read()


def _dist_info():
    return "%s-%s.dist-info" % (DIST, VERSION)


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, _dist_info())
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write(METADATA)
    return _dist_info()


def _write_wheel(wheel_directory, files):
    name = "%s-%s-py3-none-any.whl" % (DIST, VERSION)
    info = _dist_info()
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in list(files) + [(info + "/METADATA", METADATA.encode()), (info + "/WHEEL", WHEEL.encode())]:
            z.writestr(path, data)
            records.append(_record_line(path, data))
        records.append(info + "/RECORD,,")
        z.writestr(info + "/RECORD", "\n".join(records) + "\n")
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, _files())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # a .pth file that puts this directory on the path
    return _write_wheel(wheel_directory, [("kgents_core.pth", (HERE + "\n").encode())])
