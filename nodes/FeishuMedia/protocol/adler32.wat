;; Adler-32 (RFC 1950) over this module's own memory, 32 bytes per step with 128-bit SIMD.
;; Source of adler32Wasm.ts: `npm run build:wasm` assembles it with wabt. The caller copies input
;; into memory (at most its whole size per call) and carries the running value between calls.
;;
;; Why the vector sums add up: for n bytes x[0..n-1] starting from (a, b),
;;   a' = a + sum(x[j])          b' = b + n*a + sum((n - j) * x[j])
;; Split into 32-byte steps k = 0..K-1 and byte i of a step: n - j = 32*(K-1-k) + (32 - i), so
;;   b' = b + n*a + 32 * sum_k (bytes of the steps before k)   <- $prefix, one add per step
;;              + sum_k sum_i (32 - i) * x[32k + i]            <- $weighted, i16 weight dot products
;; Each lane stays far below 2^31 within one run of 5536 bytes (at most NMAX = 5552, the largest
;; run before b could pass 2^32 in scalar code), then a and b are reduced modulo 65521.
(module
  ;; 256 KiB scratch. The JS side sizes its copies from memory.buffer, so this is the one place.
  (memory (export "memory") 4)

  ;; update(adler, len) -> adler': folds memory[0, len) into adler = b << 16 | a.
  (func (export "update") (param $adler i32) (param $len i32) (result i32)
    (local $a i32) (local $b i32) (local $p i32) (local $runEnd i32) (local $vecEnd i32)
    (local $v v128) (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128)
    (local $sum v128) (local $prefix v128) (local $weighted v128)
    (local.set $a (i32.and (local.get $adler) (i32.const 0xffff)))
    (local.set $b (i32.shr_u (local.get $adler) (i32.const 16)))
    (block $done
      (loop $runs
        (br_if $done (i32.ge_u (local.get $p) (local.get $len)))
        ;; runEnd = min(p + 5536, len); vecEnd = the last whole 32-byte step in the run.
        (local.set $runEnd
          (select
            (local.get $len)
            (i32.add (local.get $p) (i32.const 5536))
            (i32.lt_u (i32.sub (local.get $len) (local.get $p)) (i32.const 5536))))
        (local.set $vecEnd
          (i32.add (local.get $p)
            (i32.and (i32.sub (local.get $runEnd) (local.get $p)) (i32.const -32))))
        (if (i32.lt_u (local.get $p) (local.get $vecEnd))
          (then
            ;; b += n*a with the a from before the run (< 65521, so < 2^29).
            (local.set $b
              (i32.add (local.get $b)
                (i32.mul (local.get $a) (i32.sub (local.get $vecEnd) (local.get $p)))))
            (local.set $sum (v128.const i32x4 0 0 0 0))
            (local.set $prefix (v128.const i32x4 0 0 0 0))
            (local.set $weighted (v128.const i32x4 0 0 0 0))
            (loop $steps
              (local.set $v (v128.load (local.get $p)))
              (local.set $lo1 (i16x8.extend_low_i8x16_u (local.get $v)))
              (local.set $hi1 (i16x8.extend_high_i8x16_u (local.get $v)))
              (local.set $v (v128.load offset=16 (local.get $p)))
              (local.set $lo2 (i16x8.extend_low_i8x16_u (local.get $v)))
              (local.set $hi2 (i16x8.extend_high_i8x16_u (local.get $v)))
              (local.set $prefix (i32x4.add (local.get $prefix) (local.get $sum)))
              ;; 4 bytes per i16 lane (<= 1020), then pairs of lanes into i32.
              (local.set $sum
                (i32x4.add (local.get $sum)
                  (i32x4.dot_i16x8_s
                    (i16x8.add
                      (i16x8.add (local.get $lo1) (local.get $hi1))
                      (i16x8.add (local.get $lo2) (local.get $hi2)))
                    (v128.const i16x8 1 1 1 1 1 1 1 1))))
              (local.set $weighted
                (i32x4.add (local.get $weighted)
                  (i32x4.add
                    (i32x4.add
                      (i32x4.dot_i16x8_s (local.get $lo1) (v128.const i16x8 32 31 30 29 28 27 26 25))
                      (i32x4.dot_i16x8_s (local.get $hi1) (v128.const i16x8 24 23 22 21 20 19 18 17)))
                    (i32x4.add
                      (i32x4.dot_i16x8_s (local.get $lo2) (v128.const i16x8 16 15 14 13 12 11 10 9))
                      (i32x4.dot_i16x8_s (local.get $hi2) (v128.const i16x8 8 7 6 5 4 3 2 1))))))
              (br_if $steps
                (i32.lt_u
                  (local.tee $p (i32.add (local.get $p) (i32.const 32)))
                  (local.get $vecEnd))))
            ;; Horizontal sums: fold the high half onto the low half, then lanes 0 + 1.
            (local.set $sum
              (i32x4.add (local.get $sum)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sum) (local.get $sum))))
            (local.set $prefix
              (i32x4.add (local.get $prefix)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $prefix) (local.get $prefix))))
            (local.set $weighted
              (i32x4.add (local.get $weighted)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $weighted) (local.get $weighted))))
            ;; Reduce the prefix before scaling it by 32: unreduced, the sum below comes within 1% of 2^32.
            (local.set $b
              (i32.rem_u
                (i32.add (local.get $b)
                  (i32.add
                    (i32.shl
                      (i32.rem_u
                        (i32.add (i32x4.extract_lane 0 (local.get $prefix)) (i32x4.extract_lane 1 (local.get $prefix)))
                        (i32.const 65521))
                      (i32.const 5))
                    (i32.add (i32x4.extract_lane 0 (local.get $weighted)) (i32x4.extract_lane 1 (local.get $weighted)))))
                (i32.const 65521)))
            (local.set $a
              (i32.add (local.get $a)
                (i32.add (i32x4.extract_lane 0 (local.get $sum)) (i32x4.extract_lane 1 (local.get $sum)))))))
        ;; The last < 32 bytes of the input, one at a time.
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $p) (local.get $runEnd)))
            (local.set $a (i32.add (local.get $a) (i32.load8_u (local.get $p))))
            (local.set $b (i32.add (local.get $b) (local.get $a)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $tail)))
        (local.set $a (i32.rem_u (local.get $a) (i32.const 65521)))
        (local.set $b (i32.rem_u (local.get $b) (i32.const 65521)))
        (br $runs)))
    (i32.or (i32.shl (local.get $b) (i32.const 16)) (local.get $a))))
