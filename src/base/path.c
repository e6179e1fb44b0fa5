/*
 * Paths by their text (the files need not exist): made absolute against
 * the current folder, relative to another folder, found under one.  A
 * document's source is stored so that it can be found from anywhere; the
 * dataset writes it relative to its own folder.
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buffer.h"
#include "base/path.h"

char *tvk_path_absolute(const char *path, const char *cwd)
{
	char *joined = path[0] == '/' ? tvk_xstrdup(path) :
		tvk_xasprintf("%s/%s", cwd, path);
	size_t len = strlen(joined);
	char *out = tvk_xmalloc(len + 2);
	size_t n = 0;
	for (const char *p = joined; *p;) {
		while (*p == '/')
			p++;
		size_t k = strcspn(p, "/");
		if (k == 0)
			break;
		if (k == 1 && p[0] == '.') {
			/* nothing */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			out[n++] = '/';
			memcpy(out + n, p, k);
			n += k;
		}
		p += k;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	free(joined);
	return out;
}

char *tvk_path_relative(const char *target, const char *base)
{
	if (strcmp(base, "/") == 0)
		return tvk_xstrdup(target + 1);
	/* the longest common prefix of whole components */
	size_t common = 0;
	for (size_t i = 0;; i++) {
		bool end_t = target[i] == '\0' || target[i] == '/';
		bool end_b = base[i] == '\0' || base[i] == '/';
		if (end_t && end_b)
			common = i;
		if (target[i] != base[i] || !target[i] || !base[i])
			break;
	}
	struct tvk_buf out = {0};
	tvk_buf_add(&out, "", 0);
	for (const char *p = base + common; *p; p++)
		if (*p == '/')
			tvk_buf_str(&out, out.len ? "/.." : "..");
	const char *rest = target + common;
	if (*rest == '/')
		rest++;
	if (*rest) {
		if (out.len)
			tvk_buf_add(&out, "/", 1);
		tvk_buf_str(&out, rest);
	}
	if (!out.len)
		tvk_buf_add(&out, ".", 1);
	return out.s;
}

char *tvk_path_from_cwd(const char *path)
{
	char cwd[PATH_MAX];
	if (path[0] != '/' && !getcwd(cwd, sizeof(cwd)))
		return tvk_xstrdup(path);
	return tvk_path_absolute(path, path[0] == '/' ? "/" : cwd);
}

const char *tvk_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/' && path[1] ? path + 1 : NULL;
	if (strncmp(path, dir, n) != 0 || path[n] != '/' || !path[n + 1])
		return NULL;
	return path + n + 1;
}
