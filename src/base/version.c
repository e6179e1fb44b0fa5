/*
 * Which tvk this is.  The version goes into every document; the cache of
 * earlier runs needs more: a record written by other code of the same
 * version (any build between two releases) may hold what that code read,
 * not what this one reads.  So records carry the build's identity too —
 * the version and the GNU build ID the linker writes into libtvk (a hash
 * of its code and data), found in the loaded library itself.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tvk/api.h>

#include "base/version.h"
#include "config.h"

const char *tvk_version(void)
{
	return TVK_VERSION;
}

/* "VERSION+BUILDID", BUILDID up to 64 bytes in hex. */
static char identity[sizeof(TVK_VERSION) + 1 + 2 * 64];
static pthread_once_t identity_once = PTHREAD_ONCE_INIT;

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The build ID in the notes at [@p, @end), in hex after @out; whether
 * there was one. */
static bool build_id_note(const unsigned char *p, const unsigned char *end,
		char *out, size_t cap)
{
	while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
		ElfW(Nhdr) h;
		memcpy(&h, p, sizeof(h));
		const unsigned char *name = p + sizeof(h);
		const unsigned char *desc = name + align4(h.n_namesz);
		if (desc > end || (size_t)(end - desc) < h.n_descsz)
			return false;
		if (h.n_type == NT_GNU_BUILD_ID && h.n_namesz == 4 &&
				memcmp(name, "GNU", 4) == 0 && h.n_descsz > 0 &&
				2 * h.n_descsz < cap) {
			for (size_t i = 0; i < h.n_descsz; i++)
				snprintf(out + 2 * i, 3, "%02x", desc[i]);
			return true;
		}
		p = desc + align4(h.n_descsz);
	}
	return false;
}

/* dl_iterate_phdr's callback: in the object that holds this code, its
 * build ID. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	uintptr_t self = (uintptr_t)&find_build_id;
	bool mine = false;
	for (int i = 0; i < info->dlpi_phnum && !mine; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;
		mine = ph->p_type == PT_LOAD && self >= start &&
			self - start < ph->p_memsz;
	}
	if (!mine)
		return 0;
	char *out = data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const unsigned char *p = (const unsigned char *)
			(info->dlpi_addr + ph->p_vaddr);
		if (build_id_note(p, p + ph->p_memsz, out,
				sizeof(identity) - sizeof(TVK_VERSION)))
			break;
	}
	return 1;
}

static void find_identity(void)
{
	memcpy(identity, TVK_VERSION "+", sizeof(TVK_VERSION) + 1);
	if (dl_iterate_phdr(find_build_id, identity + sizeof(TVK_VERSION)) == 0 ||
			identity[sizeof(TVK_VERSION)] == '\0')
		identity[sizeof(TVK_VERSION) - 1] = '\0'; /* the version alone */
}

const char *tvk_build_identity(void)
{
	pthread_once(&identity_once, find_identity);
	return identity;
}
