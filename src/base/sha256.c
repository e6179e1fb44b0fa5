/*
 * SHA-256 (FIPS 180-4), for the "sha256" of every input: the index uses it
 * to skip files already converted, and every output names its source by it.
 * Written out here so that hashing a file needs no PDF library at all.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

#include "base/sha256.h"
#define HAVE_SHA_NI 1
#endif

static const uint32_t K[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t h[8], const unsigned char block[64])
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)block[4 * i] << 24 |
			(uint32_t)block[4 * i + 1] << 16 |
			(uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^
			(w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^
			(w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = hh + s1 + ch + K[i] + w[i];
		uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = s0 + maj;
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void compress_blocks(uint32_t h[8], const unsigned char *p, size_t n)
{
	for (; n > 0; n--, p += 64)
		compress(h, p);
}

#ifdef HAVE_SHA_NI
/*
 * The same compression with the x86 SHA extensions: every input is hashed
 * before anything else happens to it, and in a batch of small PDFs that
 * was a tenth of tvk's own time.  Chosen at run time when the CPU has
 * them (and TVK_NO_SHA_NI is not set, to test the portable code).
 */
__attribute__((target("sha,sse4.1")))
static void compress_blocks_ni(uint32_t h[8], const unsigned char *p,
		size_t n)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
		0x0405060700010203ULL);
	__m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);
	__m128i state1 = _mm_loadu_si128((const __m128i *)&h[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);           /* CDAB */
	state1 = _mm_shuffle_epi32(state1, 0x1B);     /* EFGH */
	__m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  /* ABEF */
	state1 = _mm_blend_epi16(state1, tmp, 0xF0);  /* CDGH */

	for (; n > 0; n--, p += 64) {
		__m128i abef = state0, cdgh = state1, msg[4];
		for (int i = 0; i < 16; i++) {
			__m128i w;
			if (i < 4) {
				msg[i] = _mm_shuffle_epi8(_mm_loadu_si128(
					(const __m128i *)(p + 16 * i)), mask);
			} else {
				/* W[t] from W[t-16..t-1], four at a time */
				__m128i t = _mm_sha256msg1_epu32(msg[i % 4],
					msg[(i + 1) % 4]);
				t = _mm_add_epi32(t, _mm_alignr_epi8(
					msg[(i + 3) % 4], msg[(i + 2) % 4], 4));
				msg[i % 4] = _mm_sha256msg2_epu32(t,
					msg[(i + 3) % 4]);
			}
			w = _mm_add_epi32(msg[i % 4], _mm_loadu_si128(
				(const __m128i *)&K[4 * i]));
			state1 = _mm_sha256rnds2_epu32(state1, state0, w);
			w = _mm_shuffle_epi32(w, 0x0E);
			state0 = _mm_sha256rnds2_epu32(state0, state1, w);
		}
		state0 = _mm_add_epi32(state0, abef);
		state1 = _mm_add_epi32(state1, cdgh);
	}

	tmp = _mm_shuffle_epi32(state0, 0x1B);        /* FEBA */
	state1 = _mm_shuffle_epi32(state1, 0xB1);     /* DCHG */
	state0 = _mm_blend_epi16(tmp, state1, 0xF0);  /* DCBA */
	state1 = _mm_alignr_epi8(state1, tmp, 8);     /* ABEF */
	_mm_storeu_si128((__m128i *)&h[0], state0);
	_mm_storeu_si128((__m128i *)&h[4], state1);
}
#endif

static void (*blocks_fn)(uint32_t *, const unsigned char *, size_t) =
	compress_blocks;
static pthread_once_t choose_once = PTHREAD_ONCE_INIT;

static void choose(void)
{
#ifdef HAVE_SHA_NI
	unsigned a, b, c, d;
	bool sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
	bool sse = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19)) &&
		(c & (1u << 9));
	if (sha && sse && !getenv("TVK_NO_SHA_NI"))
		blocks_fn = compress_blocks_ni;
#endif
}

void tvk_sha256(const void *data, size_t size, unsigned char out[32])
{
	pthread_once(&choose_once, choose);
	uint32_t h[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	const unsigned char *p = data;
	size_t full = size / 64;
	if (full)
		blocks_fn(h, p, full);
	p += full * 64;
	size_t left = size - full * 64;

	/* The tail, the 0x80 marker and the length in bits fill one or two
	 * final blocks. */
	unsigned char tail[128] = {0};
	memcpy(tail, p, left);
	tail[left] = 0x80;
	size_t tail_len = left < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)size * 8;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
	blocks_fn(h, tail, tail_len / 64);

	for (int i = 0; i < 8; i++)
		for (int k = 0; k < 4; k++)
			out[4 * i + k] = (unsigned char)(h[i] >> (24 - 8 * k));
}

void tvk_sha256_hex(const void *data, size_t size, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[32];
	tvk_sha256(data, size, raw);
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 15];
	}
	hex[64] = '\0';
}
