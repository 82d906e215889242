#!/usr/bin/env bash
# Run-time benchmark: runs `cargo bench -p cta-bench` RUNS times and prints, for each way of
# producing Meta's example request body, the median over the runs of criterion's median time
# per message, and the ratios that matter, each taken within one run before the median.
#
#   scripts/runtime-bench.sh            # 5 runs, 1 s warm-up, 3 s measurement per benchmark
#   RUNS=3 MEASURE=2 scripts/runtime-bench.sh
#
# Needs cargo and python3. Uses $CARGO_TARGET_DIR (default: target/) and keeps criterion's
# data in $CARGO_TARGET_DIR/runtime-bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
warm_up=${WARM_UP:-1}
measure=${MEASURE:-3}
target_dir=${CARGO_TARGET_DIR:-target}
out_dir="$target_dir/runtime-bench"
rm -rf "$out_dir"
mkdir -p "$out_dir"

cargo bench -p cta-bench --bench request_body --no-run

for run in $(seq 1 "$runs"); do
    echo "== run $run of $runs" >&2
    CRITERION_HOME="$out_dir/criterion-$run" \
        cargo bench -q -p cta-bench --bench request_body -- \
        --warm-up-time "$warm_up" --measurement-time "$measure" --noplot \
        >"$out_dir/run-$run.log" 2>&1
done

python3 - "$out_dir" "$runs" <<'PY'
import json, pathlib, statistics, sys

out_dir, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
names = [
    "a_macro_to_json_vec",
    "a_macro_write_json_reused_buffer",
    "b_run_time_to_json_vec",
    "b_run_time_build_and_to_json_vec",
    "b_run_time_serde_to_vec",
    "c_derive_serde_to_vec",
    "d_json_macro_to_vec",
    "memcpy_baseline",
    "t_template_render_to_json_vec",
    "f_format_new_to_json_vec",
    "l_literal_personal_to_json_vec",
]
ratios = {
    "c / a  (a is how many times faster than c)": ("c_derive_serde_to_vec", "a_macro_to_json_vec"),
    "a / memcpy": ("a_macro_to_json_vec", "memcpy_baseline"),
    "b / c": ("b_run_time_to_json_vec", "c_derive_serde_to_vec"),
    "d / a": ("d_json_macro_to_vec", "a_macro_to_json_vec"),
    "d / c": ("d_json_macro_to_vec", "c_derive_serde_to_vec"),
    "t / f  (template vs format! + new; issue 12 target <= 0.25)": ("t_template_render_to_json_vec", "f_format_new_to_json_vec"),
    "t / l  (template vs all-literal; issue 12 target <= 3)": ("t_template_render_to_json_vec", "l_literal_personal_to_json_vec"),
}
times = {name: [] for name in names}
for run in range(1, runs + 1):
    for name in names:
        path = out_dir / f"criterion-{run}" / "request_body" / name / "new" / "estimates.json"
        times[name].append(json.loads(path.read_text())["median"]["point_estimate"])

allocations = {}
for line in (out_dir / "run-1.log").read_text().splitlines():
    parts = line.split()
    if len(parts) == 2 and parts[0] in times:
        allocations[parts[0]] = parts[1]

print(f"| way | ns per message (median of {runs} runs) | min..max of the runs | heap allocations per message |")
print("|---|---:|---:|---:|")
for name in names:
    values = times[name]
    print(f"| `{name}` | {statistics.median(values):.1f} | {min(values):.1f}..{max(values):.1f} | {allocations.get(name, '?')} |")
print()
print(f"| ratio, taken in each run | median | min..max |")
print("|---|---:|---:|")
for label, (top, bottom) in ratios.items():
    values = [t / b for t, b in zip(times[top], times[bottom])]
    print(f"| {label} | {statistics.median(values):.2f} | {min(values):.2f}..{max(values):.2f} |")
PY
