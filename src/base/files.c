/* Atomic writes (see files.h). */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/files.h"

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

const char *tvk_files_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/' ? path + n + 1 :
		path;
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

/* The pid of a temporary name "NAME.tmp.PID.N", or 0. */
static long temp_pid(const char *name)
{
	const char *t = strstr(name, ".tmp.");
	while (t && strstr(t + 1, ".tmp."))
		t = strstr(t + 1, ".tmp.");
	if (!t)
		return 0;
	char *end;
	long pid = strtol(t + 5, &end, 10);
	if (pid <= 0 || *end != '.' || !end[1])
		return 0;
	for (const char *p = end + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return pid;
}

static void clean_folder(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *path = tvk_xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0) {
			long pid = temp_pid(e->d_name);
			if (S_ISREG(st.st_mode) && pid && pid != (long)getpid() &&
					kill((pid_t)pid, 0) != 0 && errno == ESRCH)
				unlink(path);
			else if (S_ISDIR(st.st_mode) && depth > 0)
				clean_folder(path, depth - 1);
		}
		free(path);
	}
	closedir(d);
}

void tvk_files_clean(const char *dir)
{
	clean_folder(dir, 1);
}

void tvk_files_clean_beside(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? tvk_xasprintf("%.*s", slash == path ? 1 :
		(int)(slash - path), path) : tvk_xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	DIR *d = *base ? opendir(dir) : NULL;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		/* "NAME.tmp.PID.N", and "NAME.tmp.PID" as tvk dataset named
		 * its workbook's before 0.1.1 */
		if (strncmp(e->d_name, base, n) != 0 ||
				strncmp(e->d_name + n, ".tmp.", 5) != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + n + 5, &end, 10);
		if (pid <= 0 || (*end && *end != '.'))
			continue;
		if (*end && (!end[1] || strspn(end + 1, "0123456789") !=
				strlen(end + 1)))
			continue;
		struct stat st;
		if (pid != (long)getpid() && fstatat(dirfd(d), e->d_name, &st,
				AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
				kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
	free(dir);
}

/*
 * The folder of @root/@rel, opened component by component without
 * following links (made when missing, with @make); *@name is set to the
 * last component of @rel.  Returns its descriptor, or -1 with @err.
 */
static int open_parent(const char *root, const char *rel, bool make,
		const char **name, struct tvk_error *err)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		tvk_error_set(err, TVK_ERR_IO, root, 0, "cannot open: %s",
			strerror(errno));
		return -1;
	}
	const char *p = rel;
	for (const char *slash; (slash = strchr(p, '/')) != NULL;
			p = slash + 1) {
		char *part = tvk_xasprintf("%.*s", (int)(slash - p), p);
		int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
		if (next < 0 && errno == ENOENT && make &&
				(mkdirat(fd, part, 0777) == 0 || errno == EEXIST))
			next = openat(fd, part, O_RDONLY | O_DIRECTORY |
				O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		if (next < 0) {
			char *where = tvk_xasprintf("%s/%.*s", root,
				(int)(slash - rel), rel);
			struct stat st;
			bool link = fstatat(fd, part, &st,
				AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
			if (link || e == ELOOP)
				tvk_error_set(err, TVK_ERR_IO, where, 0, "a symbolic "
					"link inside the output folder: tvk does not "
					"write through it");
			else
				tvk_error_set(err, TVK_ERR_IO, where, 0, "cannot "
					"create directory: %s", strerror(e == ENOTDIR ?
					EEXIST : e));
			free(where);
			free(part);
			close(fd);
			return -1;
		}
		free(part);
		close(fd);
		fd = next;
	}
	*name = p;
	return fd;
}

int tvk_files_write_under(const char *root, const char *rel, const void *data,
		size_t len, struct tvk_error *err)
{
	const char *name;
	int dir = open_parent(root, rel, true, &name, err);
	if (dir < 0)
		return -1;
	char *full = tvk_xasprintf("%s/%s", root, rel);
	size_t nlen = strlen(name);
	char *tmp = tvk_xmalloc(nlen + 32);
	int fd = -1;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		snprintf(tmp, nlen + 32, "%s.tmp.%ld.%d", name, (long)getpid(),
			attempt);
		fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	int rc = -1;
	if (fd < 0) {
		tvk_error_set(err, TVK_ERR_IO, full, 0, "cannot write: %s",
			strerror(errno));
	} else if (write_all(fd, data, len) != 0) {
		tvk_error_set(err, TVK_ERR_IO, full, 0, "cannot write: %s",
			strerror(errno));
		close(fd);
		unlinkat(dir, tmp, 0);
	} else if (close(fd) != 0 || renameat(dir, tmp, dir, name) != 0) {
		tvk_error_set(err, TVK_ERR_IO, full, 0, "cannot write: %s",
			strerror(errno));
		unlinkat(dir, tmp, 0);
	} else {
		rc = 0;
	}
	free(tmp);
	free(full);
	close(dir);
	return rc;
}

char *tvk_files_read_under(const char *root, const char *rel, size_t *len)
{
	*len = 0;
	const char *name;
	int dir = open_parent(root, rel, false, &name, NULL);
	if (dir < 0)
		return NULL;
	int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		O_CLOEXEC);
	close(dir);
	if (fd < 0)
		return NULL;
	return tvk_files_read_fd(fd, SIZE_MAX / 4, len);
}

char *tvk_files_read_fd(int fd, size_t most, size_t *len)
{
	*len = 0;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	if ((unsigned long long)st.st_size > most) {
		close(fd);
		*len = (size_t)st.st_size;
		errno = EFBIG;
		return NULL;
	}
	/* The size is where reading starts; a file that grows meanwhile is
	 * read to its end, up to @most. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = tvk_xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > most) {
				free(buf);
				close(fd);
				*len = n;
				errno = EFBIG;
				return NULL;
			}
			cap = cap > most / 2 ? most + 1 : 2 * cap;
			buf = tvk_xrealloc(buf, cap + 1, 1);
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int saved = errno;
			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

const char *tvk_files_odd_kind(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
		return NULL;
	return S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode) ?
		"a folder" : S_ISSOCK(st.st_mode) ? "a socket" : "a device";
}

void tvk_files_unlink_under(const char *root, const char *rel)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name, NULL);
	if (dir < 0)
		return;
	unlinkat(dir, name, 0);
	close(dir);
}

bool tvk_files_exists_under(const char *root, const char *rel)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name, NULL);
	if (dir < 0)
		return false;
	struct stat st;
	bool there = fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
	close(dir);
	return there;
}

int tvk_files_move_under(const char *root, const char *from, const char *to,
		struct tvk_error *err)
{
	const char *from_name, *to_name;
	int from_dir = open_parent(root, from, false, &from_name, err);
	if (from_dir < 0)
		return -1;
	int to_dir = open_parent(root, to, true, &to_name, err);
	if (to_dir < 0) {
		close(from_dir);
		return -1;
	}
	int rc = renameat(from_dir, from_name, to_dir, to_name);
	if (rc != 0)
		tvk_error_set(err, TVK_ERR_IO, to, 0, "cannot write: %s",
			strerror(errno));
	close(to_dir);
	close(from_dir);
	return rc == 0 ? 0 : -1;
}

void tvk_files_remove_folder_under(const char *root, const char *rel)
{
	const char *name;
	int parent = open_parent(root, rel, false, &name, NULL);
	if (parent < 0)
		return;
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		close(parent);
		return;
	}
	/* Again until a pass finds nothing: what a pass returns after an
	 * entry was removed is not promised. */
	for (bool removed = true; removed;) {
		removed = false;
		rewinddir(d);
		for (struct dirent *e; (e = readdir(d)) != NULL;)
			if (strcmp(e->d_name, ".") != 0 &&
					strcmp(e->d_name, "..") != 0 &&
					unlinkat(dirfd(d), e->d_name, 0) == 0)
				removed = true;
	}
	closedir(d);
	unlinkat(parent, name, AT_REMOVEDIR);
	close(parent);
}
