#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| guidegen_fuzz::harness::slug_url(data));
