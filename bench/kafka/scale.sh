#!/usr/bin/env bash
# Kafka's figures for `bin/insync-bench scale`, from the reference harness (README, "Scale"):
#   bench/kafka/scale.sh ../shared/bench/kafka [1000,3000]
# For each size: a fresh harness cluster (its settings: 1 GiB heap, RF 3, min ISR 2), KafkaScale.java's
# steps, the cluster stopped and its data removed.
set -euo pipefail
harness="$(cd "${1:?the reference harness directory, e.g. ../shared/bench/kafka}" && pwd)"
sizes="${2:-1000,3000}"
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=/dev/null
source "$harness/common.sh"
require_libs
for n in ${sizes//,/ }; do
  "$harness/cluster.sh" clean >/dev/null 2>&1 || true
  "$harness/cluster.sh" start
  "$JAVA" -Xmx512m -Dlog4j2.configurationFile="$harness/log4j2-tools.properties" -cp "$CP" \
    "$here/KafkaScale.java" "$BOOTSTRAP" "$n" "$harness/cluster.sh" "$RUNDIR" || echo "[kafka scale $n] failed"
  "$harness/cluster.sh" stop
done
"$harness/cluster.sh" clean >/dev/null 2>&1 || true
