/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unit tests' shared harness: checks that print what differs, indented under their case,
 * and one "ok:" or "FAIL:" line per case, counted into the runner's summary line.
 */
#ifndef TCPCONN_UNIT_CHECK_H
#define TCPCONN_UNIT_CHECK_H

typedef struct {
    int passed;
    int failed;
} unit_tally;

/* 0 when got equals want; else 1, with what was wrong printed. */
int unit_str(const char *what, const char *got, const char *want);
int unit_uint(const char *what, unsigned long long got, unsigned long long want);

/* One case, failed when any of its checks failed. */
void unit_case(unit_tally *tally, const char *name, int failures);

/* "N passed, N failed"; the program's exit status. */
int unit_summary(const unit_tally *tally);

#endif
