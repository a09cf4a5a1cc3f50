#!/usr/bin/env bash
# Creates the PyTorch 2.13 CPU reference venv used by scripts/reference/*.py and the benchmarks.
# Offline: installs only from the machine image's local wheel folders (DESIGN.md §4).
# Usage: scripts/setup-python-peer.sh [VENV_DIR]   (default: ../.venv-stylegrad-peer beside the repo)
# Neither the library, its tests nor CI need this venv; it only regenerates reference values.
set -euo pipefail
venv="${1:-$(cd "$(dirname "$0")/../.." && pwd)/.venv-stylegrad-peer}"
torch_wheel=$(find / -name 'torch-2.13.0*cpu*.whl' 2>/dev/null | head -n 1 || true)
tf_wheel=$(find / -name 'tensorflow_cpu-2.21.0-*.whl' 2>/dev/null | head -n 1 || true)
if [ -z "$torch_wheel" ] || [ -z "$tf_wheel" ]; then
  echo "setup-python-peer: the local torch 2.13 CPU wheel or the TensorFlow wheel folder was not found." >&2
  echo "On a networked machine: python3 -m venv $venv && $venv/bin/pip install torch numpy pillow h5py scipy" >&2
  exit 1
fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import torch, numpy, PIL, h5py, scipy' 2>/dev/null; then
  echo "setup-python-peer: $venv already has torch $("$venv/bin/python" -c 'import torch; print(torch.__version__)')"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --no-index \
  --find-links "$(dirname "$torch_wheel")" --find-links "$(dirname "$tf_wheel")" \
  torch==2.13.0 numpy pillow h5py scipy
echo "setup-python-peer: ready at $venv ($("$venv/bin/python" -c 'import torch; print("torch", torch.__version__)'))"
