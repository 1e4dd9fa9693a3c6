module chartharness.local/ci/images/journal-api

go 1.26
