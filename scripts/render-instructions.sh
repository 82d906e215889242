#!/usr/bin/env bash
# Instructions per message of a `cta_template!` render, addressed and written with
# `to_json_vec`: the template of the run-time bench's row (t), counted with
# `valgrind --tool=callgrind` in a release program run 1000 and 3000 times; the difference
# divided by 2000 leaves out the program's set-up. Instruction counts do not depend on the
# machine's load, unlike times.
#
#   scripts/render-instructions.sh            # this checkout
#   scripts/render-instructions.sh ../other   # another checkout of the repository, to compare
#
# Needs valgrind. The program lives in $BENCH_DIR (default target/render-instructions) and uses
# this repository's Cargo.lock; nothing is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
checkout=$(cd "${1:-$repo}" && pwd)
dir=${BENCH_DIR:-$repo/target/render-instructions}
mkdir -p "$dir/src"
cat > "$dir/Cargo.toml" <<TOML
[package]
name = "render-instructions"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
cta-core = { path = "$checkout/cta-core" }

[profile.release]
debug = 1

[workspace]
TOML
cp "$repo/Cargo.lock" "$dir/Cargo.lock"
cat > "$dir/src/main.rs" <<'RUST'
use std::hint::black_box;

cta_core::cta_template! {
    /// The template of the run-time bench's row (t).
    struct Dates {
        header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
        body: "Hi {name}, tap the button below to see available dates for {event}.",
        button: "See Dates",
        url: "https://www.luckyshrub.com?clickID={click}",
        footer: "Dates subject to change.",
    }
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|count| count.parse().ok())
        .expect("the number of messages");
    let to = cta_core::Recipient::new("+16505551234").expect("a valid recipient");
    let (name, event) = ("Ada".to_owned(), "the spring workshop".to_owned());
    let click = "kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4".to_owned();
    let mut bytes = 0;
    for _ in 0..count {
        let content = Dates {
            name: black_box(&name),
            event: black_box(&event),
            click: black_box(&click),
        }
        .render()
        .expect("valid values");
        bytes += black_box(content.into_message(to.clone()).to_json_vec()).len();
    }
    println!("{bytes}");
}
RUST
(cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --release --quiet)
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$dir/target/release/render-instructions" "$1" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
low=$(count 1000)
high=$(count 3000)
echo "instructions per message: $(( (high - low) / 2000 )) ($checkout)"
