/* Atomic writes (see files.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "util.h"

static int make_dirs(const char *path, struct tvk_error *err)
{
	char *copy = tvk_xstrdup(path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			tvk_error_set(err, TVK_ERR_IO, copy, 0,
				"cannot create directory: %s", strerror(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

static int write_all(int fd, const char *p, size_t left)
{
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

int tvk_files_write(const char *path, const void *data, size_t len,
		struct tvk_error *err)
{
	size_t plen = strlen(path);
	char *tmp = tvk_xmalloc(plen + 32);
	int fd = -1;
	bool made_dirs = false;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		snprintf(tmp, plen + 32, "%s.tmp.%ld.%d", path, (long)getpid(),
			attempt);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		/* The folders are made when they are missing, not checked
		 * before every file. */
		if (fd < 0 && errno == ENOENT && !made_dirs) {
			made_dirs = true;
			if (make_dirs(path, err) != 0) {
				free(tmp);
				return -1;
			}
			attempt--;
			continue;
		}
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		tvk_error_set(err, TVK_ERR_IO, path, 0, "cannot write: %s",
			strerror(errno));
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) != 0) {
		tvk_error_set(err, TVK_ERR_IO, path, 0, "cannot write: %s",
			strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		tvk_error_set(err, TVK_ERR_IO, path, 0, "cannot write: %s",
			strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
