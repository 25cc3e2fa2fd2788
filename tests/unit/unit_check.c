/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unit tests' shared harness (see unit_check.h).
 */
#include "unit_check.h"

#include <stdio.h>
#include <string.h>

int unit_str(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return 0;
    printf("    %s is \"%s\", expected \"%s\"\n", what, got, want);
    return 1;
}

int unit_uint(const char *what, unsigned long long got, unsigned long long want)
{
    if (got == want)
        return 0;
    printf("    %s is %llu (%#llx), expected %llu (%#llx)\n", what, got, got, want, want);
    return 1;
}

void unit_case(unit_tally *tally, const char *name, int failures)
{
    printf("%s: %s\n", failures ? "FAIL" : "ok", name);
    ++*(failures ? &tally->failed : &tally->passed);
}

int unit_summary(const unit_tally *tally)
{
    printf("%d passed, %d failed\n", tally->passed, tally->failed);
    return tally->failed ? 1 : 0;
}
