/* Which tvk this is: written into every document and into the cache. */
#include <tvk/api.h>

#include "config.h"

const char *tvk_version(void)
{
	return TVK_VERSION;
}
