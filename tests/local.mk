# Test suite rules, included from the top Makefile.am.
