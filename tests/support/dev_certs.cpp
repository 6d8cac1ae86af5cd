#include "tests/support/dev_certs.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace claimgate::testing {
namespace {

namespace fs = std::filesystem;

// Removes the process's set when the program ends.
struct TempCerts {
  std::string dir;
  TempCerts() {
    const std::string d =
        (fs::temp_directory_path() / ("claimgate-test-certs-" + std::to_string(::getpid())))
            .string();
    if (MakeDevCerts(d)) dir = d;
  }
  ~TempCerts() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

}  // namespace

bool MakeDevCerts(const std::string& dir) {
  const std::string cmd = std::string("bash ") + CLAIMGATE_SOURCE_DIR +
                          "/certs/make-dev-certs.sh '" + dir + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

const std::string& DevCerts() {
  static const TempCerts certs;
  return certs.dir;
}

}  // namespace claimgate::testing
