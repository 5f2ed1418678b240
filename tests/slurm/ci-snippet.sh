# Lines for .ci/run (bash, run from the repository root, as root): a one-node Slurm for the scale-out integration test.
# Start it before the test command, enable the test for that command only, stop it afterwards (also on failure).
tests/slurm/start-slurm.sh
trap tests/slurm/stop-slurm.sh EXIT
TRACE_CURATE_SLURM_TEST=1 dotnet test Tool.sln
