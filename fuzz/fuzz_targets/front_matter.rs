#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| guidegen_fuzz::harness::front_matter(data));
