"""Generates and imports the Python stubs of the schemas in specs/ at start-up.

The stubs are generated into a temporary folder that is removed once imported, so the samples
always agree with specs/ and nothing generated is left in the tree.
"""
import importlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SPECS = Path(__file__).resolve().parents[2] / "specs"


def _import_from_temporary_folder(generate, module_names):
    folder = tempfile.mkdtemp(prefix="ucheck-stubs-")
    try:
        generate(folder)
        sys.path.insert(0, folder)
        try:
            return [importlib.import_module(name) for name in module_names]
        finally:
            sys.path.remove(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load_grpc(proto_file):
    """Returns (messages module, services module) of specs/<proto_file>, e.g. "kv.proto"."""
    from grpc_tools import protoc

    def generate(folder):
        status = protoc.main(["protoc", f"-I{SPECS}", f"--python_out={folder}",
                              f"--grpc_python_out={folder}", str(SPECS / proto_file)])
        if status != 0:
            raise SystemExit(f"protoc failed on {SPECS / proto_file}")

    stem = Path(proto_file).stem
    return tuple(_import_from_temporary_folder(generate, [f"{stem}_pb2", f"{stem}_pb2_grpc"]))


def load_thrift(thrift_file, service):
    """Returns (types module, service module) of specs/<thrift_file>, e.g. ("warehouse.thrift", "Stock")."""

    def generate(folder):
        result = subprocess.run(["thrift", "--gen", "py", "-out", folder, str(SPECS / thrift_file)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"thrift failed on {SPECS / thrift_file}: {result.stderr.strip()}")

    package = Path(thrift_file).stem
    return tuple(_import_from_temporary_folder(generate, [f"{package}.ttypes", f"{package}.{service}"]))
