//! CRC-32C and CRC-64/NVME, byte at a time from tables built at compile time: a few
//! lines instead of two more crates, for the algorithms callers choose explicitly
//! (the default, CRC-32, is crc32fast's).

/// The reflected table of `poly`.
const fn table64(poly: u64) -> [u64; 256] {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ poly
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// The reflected table of a 32-bit `poly`: the 64-bit one's, whose entries of a 32-bit
/// polynomial fit in 32 bits (each step shifts right and XORs at most `poly`).
const fn table32(poly: u32) -> [u32; 256] {
    let wide = table64(poly as u64);
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = wide[i] as u32;
        i += 1;
    }
    table
}

/// Castagnoli, reflected.
static CRC32C: [u32; 256] = table32(0x82F6_3B78);
/// CRC-64/NVME, reflected.
static CRC64_NVME: [u64; 256] = table64(0x9A6C_9329_AC4B_C9B5);

/// `crc` (the value so far, 0 to start) continued over `bytes`.
pub(super) fn crc32c(crc: u32, bytes: &[u8]) -> u32 {
    let mut crc = !crc;
    for &b in bytes {
        crc = CRC32C[usize::from((crc as u8) ^ b)] ^ (crc >> 8);
    }
    !crc
}

/// `crc` (the value so far, 0 to start) continued over `bytes`.
pub(super) fn crc64_nvme(crc: u64, bytes: &[u8]) -> u64 {
    let mut crc = !crc;
    for &b in bytes {
        crc = CRC64_NVME[usize::from((crc as u8) ^ b)] ^ (crc >> 8);
    }
    !crc
}
