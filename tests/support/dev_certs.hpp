// Development certificates for tests that run real TLS: certs/make-dev-certs.sh (a CA, a server
// certificate for localhost and 127.0.0.1, client certificates) run from the source tree. One set
// per test process in a temporary directory removed at exit, or a fresh set where a test needs
// two CAs. Thread-safe.
#pragma once

#include <string>

namespace claimgate::testing {

// The process's set (ca.crt, server.crt, server.key, client.crt, ...), made on first use; ""
// when the script failed (the caller's ASSERT then names it).
const std::string& DevCerts();

// A new set in `dir` (created); true when the script succeeded.
bool MakeDevCerts(const std::string& dir);

}  // namespace claimgate::testing
