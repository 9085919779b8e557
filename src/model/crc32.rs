//! CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR
//! 0xFFFFFFFF) — the checksum of zlib, PNG and Ethernet — usable in `const` contexts.

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        // Compile-time only, `n < 256`.
        #[allow(clippy::indexing_slicing)]
        {
            table[n] = c;
        }
        n += 1;
    }
    table
};

/// The CRC-32 of `bytes`.
///
/// # Examples
///
/// ```
/// assert_eq!(tinymlp::model::crc32(b"123456789"), 0xCBF4_3926);
/// ```
pub const fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    let mut rest = bytes;
    while let [b, tail @ ..] = rest {
        // The index is masked to 0..=255, the table's length: it cannot be out of bounds.
        #[allow(clippy::indexing_slicing)]
        let entry = TABLE[((crc ^ *b as u32) & 0xFF) as usize];
        crc = entry ^ (crc >> 8);
        rest = tail;
    }
    !crc
}
