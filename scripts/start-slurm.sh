#!/usr/bin/env bash
# Starts a single-node Slurm on this machine (localhost) for the sweep tests: installs slurm-wlm and munge
# when missing, writes a minimal slurm.conf from `slurmd -C` (no cgroups, no accounting), makes a munge key,
# starts munged, slurmctld and slurmd directly (no systemd), and waits until sinfo shows the node idle.
# Safe to run twice: what runs already is left alone. Needs root.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then echo "start-slurm.sh: needs root (it installs packages and starts daemons)" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    apt-get install -y -qq slurm-wlm munge >/dev/null || { apt-get update -qq && apt-get install -y -qq slurm-wlm munge >/dev/null; }
fi

node=$(hostname -s)
conf=/etc/slurm/slurm.conf
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge

# The node's real CPUs and memory, as slurmd sees them (its first line: NodeName=… CPUs=… RealMemory=…).
hardware=$(slurmd -C | head -n 1)
wanted=$(cat <<CONF
# Written by scripts/start-slurm.sh: one node on localhost, no cgroups, no accounting.
ClusterName=fmnist
SlurmctldHost=${node}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
${hardware} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
)
changed=no
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$wanted" ]; then
    printf '%s\n' "$wanted" > "$conf"
    changed=yes
fi

# munge: a key shared by the daemons and the clients (here all on one machine), munged as user munge.
if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
chmod 0700 /etc/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! munge -n >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
fi
munge -n | unmunge >/dev/null

is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if ! is_running /run/slurmctld.pid; then
    slurmctld
elif [ "$changed" = yes ]; then
    scontrol reconfigure
fi
is_running /run/slurmd.pid || slurmd

# Wait (up to 60 s) for the node to be idle; a node left down or drained by an earlier start is resumed.
for _ in $(seq 120); do
    state=$(sinfo -h -n "$node" -o '%t' 2>/dev/null | head -n 1 || true)
    case "$state" in
        idle|mix|alloc) echo "slurm: node $node $state ($(sinfo -h -n "$node" -o '%c CPUs, %m MB'))"; exit 0 ;;
        down*|drain*|drng*) scontrol update nodename="$node" state=resume 2>/dev/null || true ;;
    esac
    sleep 0.5
done
echo "start-slurm.sh: the node never became idle; sinfo says: $(sinfo 2>&1 | tail -n +2)" >&2
echo "see /var/log/slurm/slurmctld.log and /var/log/slurm/slurmd.log" >&2
exit 1
