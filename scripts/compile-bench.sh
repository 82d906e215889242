#!/usr/bin/env bash
# Compile-time benchmark. Generates crates of N messages written four ways, (i) `cta_message!`,
# (ii) `serde_json::json!`, (iii) hand-written struct literals with `#[derive(Serialize)]` and
# no checks, (iv) `cta_template!` with three placeholders (a struct and its `render` each), and
# crates of M personal messages with three values written two ways, (v) `cta_template!`, each
# rendered once in a function taking the values, (vi) the same payload as `#[derive(Serialize)]`
# struct literals filled with `format!` in such a function; and times `cargo build` of each:
#
# - clean, CARGO_INCREMENTAL=0: the crate rebuilt whole, its dependencies already built;
# - clean, incremental: the same with an empty incremental cache (`cargo build`'s default);
# - edit, incremental: one message's text changed, then rebuilt (the edit-compile loop).
#
# Then it times a clean build (dependencies included) of a crate that uses serde (derive) and
# serde_json, with and without cta-core (default features, then `webhook`), to show what
# cta-core and its macros add.
#
# Every figure is the median of REPS runs; the three ways are built in turn within each run and
# each ratio is taken within a run before its median. Generated crates live in $BENCH_DIR
# (default: $CARGO_TARGET_DIR/compile-bench, else target/compile-bench); nothing is committed.
#
#   scripts/compile-bench.sh                 # N = 200 and 1000, M = 300, REPS = 5
#   SIZES="200" RENDER_SIZES="300" REPS=3 FULL_REPS=3 scripts/compile-bench.sh
#
# Needs cargo and python3; the generated crates depend on cta-core by path and use this
# repository's Cargo.lock, so they build with the same dependency versions.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

sizes=${SIZES:-"200 1000"}
render_sizes=${RENDER_SIZES:-"300"}
reps=${REPS:-5}
full_reps=${FULL_REPS:-5}
bench_dir=${BENCH_DIR:-${CARGO_TARGET_DIR:-$repo/target}/compile-bench}
# The generated crates get their own target dirs; never the repository's.
unset CARGO_TARGET_DIR
rm -rf "$bench_dir"
mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)
results="$bench_dir/results.csv"
echo "kind,size,mode,rep,seconds" >"$results"

serde_deps='serde = { version = "1.0.229", default-features = false, features = ["std", "derive"] }
serde_json = "1.0.154"'

# The payload as plain serde structs, for way (iii) and for the "uses serde already" crates.
plain_structs='#[derive(serde::Serialize)]
pub struct Message {
    pub messaging_product: &'"'"'static str,
    pub recipient_type: &'"'"'static str,
    pub to: &'"'"'static str,
    #[serde(rename = "type")]
    pub kind: &'"'"'static str,
    pub interactive: Interactive,
}

#[derive(serde::Serialize)]
pub struct Interactive {
    #[serde(rename = "type")]
    pub kind: &'"'"'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<ImageHeader>,
    pub body: Text,
    pub action: Action,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<Text>,
}

#[derive(serde::Serialize)]
pub struct ImageHeader {
    #[serde(rename = "type")]
    pub kind: &'"'"'static str,
    pub image: Link,
}

#[derive(serde::Serialize)]
pub struct Link {
    pub link: &'"'"'static str,
}

#[derive(serde::Serialize)]
pub struct Text {
    pub text: &'"'"'static str,
}

#[derive(serde::Serialize)]
pub struct Action {
    pub name: &'"'"'static str,
    pub parameters: Parameters,
}

#[derive(serde::Serialize)]
pub struct Parameters {
    pub display_text: &'"'"'static str,
    pub url: &'"'"'static str,
}
'

# The payload as serde structs whose texts may be made at run time, for way (vi).
owned_structs=$(echo "$plain_structs" | sed "s/&'static str/std::borrow::Cow<'static, str>/")

# message KIND I MARK: one message, each with its own texts so that none is shared.
message() {
    local kind=$1 i=$2 mark=$3
    local to="+1650555$(printf %04d "$i")"
    local image="https://example.com/assets/banner-$i.png"
    local body="Message $i$mark: tap the button below to see available dates."
    local button="See dates $i"
    local url="https://example.com/dates?id=$i"
    local footer="Dates subject to change ($i)."
    case $kind in
    macro)
        cat <<EOF
pub fn message_$i() -> CtaUrlMessage {
    cta_message! {
        to: "$to",
        header: image("$image"),
        body: "$body",
        button: "$button",
        url: "$url",
        footer: "$footer",
    }
}

EOF
        ;;
    json)
        cat <<EOF
pub fn message_$i() -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "$to",
        "type": "interactive",
        "interactive": {
            "type": "cta_url",
            "header": {"type": "image", "image": {"link": "$image"}},
            "body": {"text": "$body"},
            "action": {"name": "cta_url", "parameters": {"display_text": "$button", "url": "$url"}},
            "footer": {"text": "$footer"}
        }
    })
}

EOF
        ;;
    template)
        cat <<EOF
cta_template! {
    pub struct Message$i {
        header: image("$image"),
        body: "Message $i$mark: hi {name}, tap the button below to see {event}.",
        button: "$button",
        url: "$url&click={click}",
        footer: "$footer",
    }
}

EOF
        ;;
    rendered)
        cat <<EOF
cta_template! {
    pub struct Message$i {
        header: image("$image"),
        body: "Message $i$mark: hi {name}, tap the button below to see {event}.",
        button: "$button",
        url: "$url&click={click}",
        footer: "$footer",
    }
}

pub fn message_$i(name: &str, event: &str, click: &str) -> Result<CtaUrlContent, TemplateError> {
    Message$i { name, event, click }.render()
}

EOF
        ;;
    formatted)
        cat <<EOF
pub fn message_$i(name: &str, event: &str, click: &str) -> Message {
    Message {
        messaging_product: "whatsapp".into(),
        recipient_type: "individual".into(),
        to: "$to".into(),
        kind: "interactive".into(),
        interactive: Interactive {
            kind: "cta_url".into(),
            header: Some(ImageHeader { kind: "image".into(), image: Link { link: "$image".into() } }),
            body: Text {
                text: format!("Message $i$mark: hi {name}, tap the button below to see {event}.").into(),
            },
            action: Action {
                name: "cta_url".into(),
                parameters: Parameters {
                    display_text: "$button".into(),
                    url: format!("$url&click={click}").into(),
                },
            },
            footer: Some(Text { text: "$footer".into() }),
        },
    }
}

EOF
        ;;
    struct)
        cat <<EOF
pub fn message_$i() -> Message {
    Message {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "$to",
        kind: "interactive",
        interactive: Interactive {
            kind: "cta_url",
            header: Some(ImageHeader { kind: "image", image: Link { link: "$image" } }),
            body: Text { text: "$body" },
            action: Action {
                name: "cta_url",
                parameters: Parameters { display_text: "$button", url: "$url" },
            },
            footer: Some(Text { text: "$footer" }),
        },
    }
}

EOF
        ;;
    esac
}

# write_lib KIND SIZE MARK: the crate's src/lib.rs, message 0 carrying MARK.
write_lib() {
    local kind=$1 size=$2 mark=$3 dir="$bench_dir/messages/$1_$2"
    {
        echo "//! $size messages written with $kind. Generated by scripts/compile-bench.sh."
        case $kind in
        macro) echo "use cta_core::{cta_message, CtaUrlMessage};" ;;
        template) echo "use cta_core::cta_template;" ;;
        rendered) echo "use cta_core::{cta_template, CtaUrlContent, TemplateError};" ;;
        formatted) echo "$owned_structs" ;;
        json) echo "use serde_json::{json, Value};" ;;
        struct) echo "$plain_structs" ;;
        esac
        echo
        message "$kind" 0 "$mark"
        for i in $(seq 1 $((size - 1))); do
            message "$kind" "$i" ""
        done
    } >"$dir/src/lib.rs.new"
    mv "$dir/src/lib.rs.new" "$dir/src/lib.rs"
}

# kinds SIZE: the ways a crate of SIZE messages is written.
kinds() {
    local size=$1 list=""
    [[ " $sizes " == *" $size "* ]] && list="macro json struct template"
    [[ " $render_sizes " == *" $size "* ]] && list="$list formatted rendered"
    echo $list
}
every_size=$(echo $sizes $render_sizes | tr ' ' '\n' | sort -nu | tr '\n' ' ')

# One workspace holds the N-message crates, so they share their dependencies' build.
mkdir -p "$bench_dir/messages"
members=""
for size in $every_size; do
    for kind in $(kinds "$size"); do
        dir="$bench_dir/messages/${kind}_$size"
        mkdir -p "$dir/src"
        members="$members\"${kind}_$size\", "
        case $kind in
        macro | template | rendered) deps="cta-core = { path = \"$repo/cta-core\" }" ;;
        json) deps='serde_json = "1.0.154"' ;;
        struct | formatted) deps=$serde_deps ;;
        esac
        cat >"$dir/Cargo.toml" <<EOF
[package]
name = "${kind}_$size"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$deps
EOF
        write_lib "$kind" "$size" ""
    done
done
cat >"$bench_dir/messages/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = [$members]
EOF
cp "$repo/Cargo.lock" "$bench_dir/messages/Cargo.lock"

timed() { # timed KIND SIZE MODE REP command...
    local kind=$1 size=$2 mode=$3 rep=$4
    shift 4
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$bench_dir/last-build.log" || {
        cat "$bench_dir/last-build.log" >&2
        exit 1
    }
    end=$(date +%s.%N)
    [ "$rep" = 0 ] && return
    echo "$kind,$size,$mode,$rep,$(awk "BEGIN { print $end - $start }")" >>"$results"
}

cd "$bench_dir/messages"
# `SIZES=" "` measures only the dependency cost below.
if [ -n "${every_size// /}" ]; then
    echo "== building the dependencies once" >&2
    cargo build -q --workspace
fi
# Run 0 warms the caches (cargo's and the disk's) and is not counted.
for rep in $(seq 0 "$reps"); do
    for size in $every_size; do
        echo "== run $rep of $reps, N = $size" >&2
        for kind in $(kinds "$size"); do
            crate="${kind}_$size"
            cargo clean -q -p "$crate"
            CARGO_INCREMENTAL=0 timed "$kind" "$size" clean-nonincremental "$rep" \
                cargo build -q -p "$crate"
            cargo clean -q -p "$crate"
            CARGO_INCREMENTAL=1 timed "$kind" "$size" clean-incremental "$rep" \
                cargo build -q -p "$crate"
            # Each edit gives message 0 a text it did not have in the previous build.
            write_lib "$kind" "$size" " (edit $rep)"
            CARGO_INCREMENTAL=1 timed "$kind" "$size" edit-incremental "$rep" \
                cargo build -q -p "$crate"
        done
    done
done

# What cta-core and cta-macros add to a crate that already uses serde (derive) and serde_json.
for variant in serde_only with_cta with_cta_webhook; do
    dir="$bench_dir/added/$variant"
    mkdir -p "$dir/src"
    extra=""
    [ "$variant" = with_cta ] && extra="cta-core = { path = \"$repo/cta-core\" }"
    [ "$variant" = with_cta_webhook ] &&
        extra="cta-core = { path = \"$repo/cta-core\", features = [\"webhook\"] }"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$variant"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$serde_deps
$extra

[workspace]
EOF
    cp "$repo/Cargo.lock" "$dir/Cargo.lock"
    {
        echo "//! A crate that uses serde and serde_json. Generated by scripts/compile-bench.sh."
        echo "$plain_structs"
        message struct 0 ""
        echo 'pub fn body() -> Vec<u8> { serde_json::to_vec(&message_0()).unwrap() }'
        if [ "$variant" != serde_only ]; then
            echo "use cta_core::{cta_message, CtaUrlMessage};"
            message macro 1 ""
        fi
    } >"$dir/src/lib.rs"
    (cd "$dir" && cargo fetch -q)
done
for rep in $(seq 1 "$full_reps"); do
    echo "== clean build with dependencies, run $rep of $full_reps" >&2
    for variant in serde_only with_cta with_cta_webhook; do
        dir="$bench_dir/added/$variant"
        rm -rf "$dir/target"
        (cd "$dir" && CARGO_INCREMENTAL=0 timed "$variant" 1 full-clean "$rep" cargo build -q)
    done
done
echo "== cargo tree -d of the crate with cta-core (nothing below means no duplicate)" >&2
(cd "$bench_dir/added/with_cta" && cargo tree -d -e normal,build 2>/dev/null) | tee "$bench_dir/tree-duplicates.txt"
(cd "$bench_dir/added/with_cta" && cargo tree -i syn -e normal,build) | tee "$bench_dir/tree-syn.txt"

python3 - "$results" <<'PY'
import csv, statistics, sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1])))
seconds = defaultdict(dict)  # (kind, size, mode) -> rep -> seconds
for row in rows:
    seconds[(row["kind"], row["size"], row["mode"])][row["rep"]] = float(row["seconds"])

def median(key):
    return statistics.median(seconds[key].values())

def ratio(top, bottom):
    values = [seconds[top][rep] / seconds[bottom][rep] for rep in seconds[top] if rep in seconds[bottom]]
    return statistics.median(values), min(values), max(values)

kinds = ("macro", "json", "struct", "template")
sizes = sorted({row["size"] for row in rows if row["kind"] == "macro"}, key=int)
modes = ["clean-nonincremental", "clean-incremental", "edit-incremental"]
print(f"| N | build | (i) cta_message! s | (ii) json! s | (iii) struct s | (iv) cta_template! s | (i)/(iii) | (ii)/(iii) | (iv)/(iii) |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for size in sizes:
    for mode in modes:
        m, j, s, t = ((kind, size, mode) for kind in kinds)
        cells = [f"{median(key):.2f}" for key in (m, j, s, t)]
        for top, bottom in ((m, s), (j, s), (t, s)):
            r, lo, hi = ratio(top, bottom)
            cells.append(f"{r:.2f} ({lo:.2f}..{hi:.2f})")
        print(f"| {size} | {mode} | " + " | ".join(cells) + " |")
print()
render_sizes = sorted({row["size"] for row in rows if row["kind"] == "rendered"}, key=int)
if render_sizes:
    print("| M | build | (v) cta_template!, rendered s | (vi) struct + format! s | (v)/(vi) |")
    print("|---:|---|---:|---:|---:|")
for size in render_sizes:
    for mode in modes:
        v, f = (("rendered", size, mode), ("formatted", size, mode))
        r, lo, hi = ratio(v, f)
        print(f"| {size} | {mode} | {median(v):.2f} | {median(f):.2f} | {r:.2f} ({lo:.2f}..{hi:.2f}) |")
print()
base = ("serde_only", "1", "full-clean")
variants = (
    ("the same + cta-core", ("with_cta", "1", "full-clean")),
    ("the same + cta-core with `webhook`", ("with_cta_webhook", "1", "full-clean")),
)
if seconds[base]:
    print("| clean build, dependencies included | median s | min..max s |")
    print("|---|---:|---:|")
    for label, key in (("serde (derive) + serde_json", base),) + variants:
        values = list(seconds[key].values())
        print(f"| {label} | {statistics.median(values):.2f} | {min(values):.2f}..{max(values):.2f} |")
    for label, key in variants:
        added = [seconds[key][rep] - seconds[base][rep] for rep in seconds[base] if rep in seconds[key]]
        print(f"| added: {label[len('the same + '):]} (difference within each run) | {statistics.median(added):.2f} | {min(added):.2f}..{max(added):.2f} |")
PY
