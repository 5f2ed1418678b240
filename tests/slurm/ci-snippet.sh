# For .ci/run (bash, from the repository root, as root): replaces its `dotnet test Tool.sln` line, so that the suite
# runs with a one-node Slurm up and the Slurm integration test enabled. The trap stops the cluster when .ci/run ends,
# also when a test fails. Starting takes about 30 s on a fresh Debian machine (apt-get update and install included),
# about 1 s when the packages are already there.
tests/slurm/start-slurm.sh
trap tests/slurm/stop-slurm.sh EXIT
TRACE_CURATE_SLURM_TEST=1 dotnet test Tool.sln
