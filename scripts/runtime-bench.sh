#!/usr/bin/env bash
# Run-time benchmark: runs both benches of cta-bench (`request_body` and `webhook`) RUNS times
# and prints, for every row, the median over the runs of criterion's median time, with the
# min..max of the runs; then each target's ratio, taken within one run and then the median of
# those, with min..max; then the heap allocations per message the bench prints.
#
#   scripts/runtime-bench.sh            # 5 runs, 1 s warm-up, 3 s measurement per row
#   RUNS=7 MEASURE=2 scripts/runtime-bench.sh
#
# Needs only cargo and python3. Criterion 0.8 writes its estimates to `<target dir>/criterion`
# (it does not read CRITERION_HOME), so each run starts by removing that folder and ends by
# moving it to `<target dir>/runtime-bench/criterion-<run>`; the logs are kept beside them.
# A row is found by the `benchmark.json` criterion writes next to its estimates, so the
# folder names criterion derives from the row names do not matter.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-5}
warm_up=${WARM_UP:-1}
measure=${MEASURE:-3}
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
out_dir="$target_dir/runtime-bench"
rm -rf "$out_dir"
mkdir -p "$out_dir"

cargo bench -p cta-bench --benches --no-run

for run in $(seq 1 "$runs"); do
    echo "== run $run of $runs" >&2
    rm -rf "$target_dir/criterion"
    for bench in request_body webhook; do
        cargo bench -q -p cta-bench --bench "$bench" -- \
            --warm-up-time "$warm_up" --measurement-time "$measure" --noplot \
            >"$out_dir/run-$run-$bench.log" 2>&1 || {
            echo "error: run $run of $bench failed; see $out_dir/run-$run-$bench.log" >&2
            exit 1
        }
    done
    mv "$target_dir/criterion" "$out_dir/criterion-$run"
done

python3 - "$out_dir" "$runs" <<'PY'
import json, pathlib, statistics, sys

out_dir, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])

# Each row: its criterion id (group/function) and a short label.
MESSAGE = "request_body"
rows = [
    (f"{MESSAGE}/a_macro_to_json_vec", "a: literal message (a const), to_json_vec"),
    (f"{MESSAGE}/a_macro_built_each_time_to_json_vec", "a: literal message made in the loop, to_json_vec"),
    (f"{MESSAGE}/a_macro_write_json_reused_buffer", "a: literal message, write_json into a reused buffer"),
    (f"{MESSAGE}/b_run_time_to_json_vec", "b: run-time message built once, to_json_vec"),
    (f"{MESSAGE}/b_run_time_build_and_to_json_vec", "b: six String clones, checked new, to_json_vec"),
    (f"{MESSAGE}/b_run_time_build_owned_and_to_json_vec", "b: six Strings moved in, checked new, to_json_vec"),
    (f"{MESSAGE}/b_run_time_serde_to_vec", "b: run-time message, serde_json::to_vec"),
    (f"{MESSAGE}/c_derive_serde_to_vec", "c: #[derive(Serialize)] of &str, serde_json::to_vec"),
    (f"{MESSAGE}/d_json_macro_to_vec", "d: json! Value, serde_json::to_vec"),
    (f"{MESSAGE}/memcpy_baseline", "floor: copy of the same bytes"),
    (f"{MESSAGE}/t_template_render_to_json_vec", "t: cta_template! render, to_json_vec"),
    (f"{MESSAGE}/f_format_new_to_json_vec", "f: format! + checked new, to_json_vec"),
    (f"{MESSAGE}/l_literal_personal_to_json_vec", "l: same message all literal, to_json_vec"),
    ("check_text/body_text_new_ascii_1024", "BodyText::new, 1024 ASCII"),
    ("check_text/from_utf8_ascii_1024", "str::from_utf8, same bytes"),
    ("check_text/body_text_new_cjk_1024", "BodyText::new, 1024 CJK"),
    ("check_text/chars_count_cjk_1024", "chars().count(), same text"),
    ("check_text/body_text_new_emoji_1024", "BodyText::new, 1024 emoji"),
    ("check_text/chars_count_emoji_1024", "chars().count(), same text"),
    ("webhook/receive: verify + typed parse", "webhook::receive (HMAC + typed parse)"),
    ("webhook/floor: HMAC + serde_json::Value", "floor: HMAC + serde_json::Value"),
    ("webhook/HMAC alone", "HMAC alone"),
]
# (label, numerator, denominator, target or None): the ratio is taken within each run.
ratios = [
    ("target 2: a made in the loop / a made once (const)",
     "a_macro_built_each_time_to_json_vec", "a_macro_to_json_vec", 1.25),
    ("target 3: b six Strings moved in / c serde derive",
     "b_run_time_build_owned_and_to_json_vec", "c_derive_serde_to_vec", 0.5),
    ("target 3 (clones timed too): b six String clones / c serde derive",
     "b_run_time_build_and_to_json_vec", "c_derive_serde_to_vec", 0.5),
    ("target 4: t template / f format! + new",
     "t_template_render_to_json_vec", "f_format_new_to_json_vec", 0.25),
    ("target 4: t template / l all literal",
     "t_template_render_to_json_vec", "l_literal_personal_to_json_vec", 3.0),
    ("c serde derive / a literal", "c_derive_serde_to_vec", "a_macro_to_json_vec", None),
    ("a literal / memcpy", "a_macro_to_json_vec", "memcpy_baseline", None),
    ("b built once / c serde derive", "b_run_time_to_json_vec", "c_derive_serde_to_vec", None),
    ("d json! / c serde derive", "d_json_macro_to_vec", "c_derive_serde_to_vec", None),
    ("check ASCII / from_utf8", "body_text_new_ascii_1024", "from_utf8_ascii_1024", None),
    ("check CJK / chars().count()", "body_text_new_cjk_1024", "chars_count_cjk_1024", None),
    ("check emoji / chars().count()", "body_text_new_emoji_1024", "chars_count_emoji_1024", None),
    ("webhook receive / HMAC + Value", "receive: verify + typed parse",
     "floor: HMAC + serde_json::Value", 1.0),
]


def load(run):
    """Row id -> criterion's median (ns) for one run. The webhook group's name holds the body's
    size (`webhook of 2303 bytes`), which is folded to `webhook`."""
    found = {}
    for meta in (out_dir / f"criterion-{run}").glob("**/new/benchmark.json"):
        info = json.loads(meta.read_text())
        group = "webhook" if info["group_id"].startswith("webhook") else info["group_id"]
        estimates = json.loads((meta.parent / "estimates.json").read_text())
        found[f"{group}/{info['function_id']}"] = estimates["median"]["point_estimate"]
    return found


times = [load(run) for run in range(1, runs + 1)]
by_function = lambda run, name: next(
    (value for key, value in run.items() if key.split("/", 1)[1] == name), None)


def summary(values):
    return statistics.median(values), min(values), max(values)


def fmt(ns):
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


print(f"median of {runs} runs of criterion's median time; min..max of the runs\n")
print("| row | label | ns (median) | min..max |")
print("|---|---|---:|---:|")
for row, label in rows:
    values = [run[row] for run in times if row in run]
    if not values:
        print(f"| `{row}` | {label} | missing | |")
        continue
    median, low, high = summary(values)
    print(f"| `{row}` | {label} | {fmt(median)} | {fmt(low)}..{fmt(high)} |")

receive = [run.get("webhook/receive: verify + typed parse") for run in times]
receive = [value for value in receive if value]
if receive:
    per_second = [1e9 / value for value in receive]
    median, low, high = summary(per_second)
    print(f"\nwebhook: {median:,.0f} messages per second per core "
          f"({low:,.0f}..{high:,.0f}), from the receive row")

print(f"\n| ratio, taken within each run | median | min..max | target | met |")
print("|---|---:|---:|---:|---|")
for label, top, bottom, target in ratios:
    values = []
    for run in times:
        t, b = by_function(run, top), by_function(run, bottom)
        if t is not None and b:
            values.append(t / b)
    if not values:
        print(f"| {label} | missing | | | |")
        continue
    median, low, high = summary(values)
    goal = f"<= {target:g}" if target is not None else ""
    met = ("yes" if median <= target else "no") if target is not None else ""
    print(f"| {label} | {median:.2f} | {low:.2f}..{high:.2f} | {goal} | {met} |")

print("\nheap allocations per message (from the first run's output):")
in_section = False
for line in (out_dir / "run-1-request_body.log").read_text().splitlines():
    if line.startswith("heap allocations per message"):
        in_section = True
        print(f"  {line}")
        continue
    parts = line.split()
    if in_section and len(parts) == 2 and line.startswith("  "):
        print(f"  {line.strip()}")
    elif in_section:
        in_section = False
PY
