//! An all-literal `cta_message!` allocates nothing: a counting global allocator proves it.
//!
//! This file is its own test binary (the only one beside `it`), so that the allocator sees only
//! this test, not the other tests running on other threads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use cta_core::cta_message;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counter has no effect
// on the memory handed out.
#[allow(unsafe_code, reason = "a `GlobalAlloc` impl needs `unsafe`")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which we pass on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` through `alloc` above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn an_all_literal_message_allocates_nothing() {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let message = std::hint::black_box(cta_message! {
        to: "+16505551234",
        header: document("https://example.com/menu.pdf", filename: "menu.pdf"),
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
        footer: "Dates subject to change.",
        reply_to: "wamid.ABC",
        callback_data: "x",
    });
    let copy = std::hint::black_box(message.clone());
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(
        after - before,
        0,
        "building and copying a literal message allocated"
    );
    assert_eq!(copy, message);
}
