#include "src/store/store_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace claimgate::store {
namespace {

Error Failed(const std::string& what, const std::string& path, int error) {
  return Error{"store_open_failed", "cannot " + what + " " + path + ": " + std::strerror(error)};
}

// Removes group and other bits from an existing file; a missing file is fine.
Result<void> NarrowMode(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return Failed("read the mode of", path, errno);
  }
  if (!S_ISREG(st.st_mode) || (st.st_mode & 077) == 0) return {};
  if (::chmod(path.c_str(), st.st_mode & 0700) != 0) return Failed("make private", path, errno);
  return {};
}

}  // namespace

Result<void> MakeStoreFilesPrivate(const std::string& db_path) {
  namespace fs = std::filesystem;
  // The missing ancestors, outermost first, each made 0700 (mkdir's mode passes the umask).
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path dir = fs::path(db_path).parent_path(); !dir.empty() && !fs::exists(dir, ec);
       dir = dir.parent_path()) {
    missing.insert(missing.begin(), dir);
    if (dir == dir.parent_path()) break;
  }
  for (const fs::path& dir : missing) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Failed("create directory", dir.string(), errno);
    }
    if (::chmod(dir.c_str(), 0700) != 0) return Failed("make private", dir.string(), errno);
  }
  // O_EXCL: when another process creates the file first, its mode is narrowed below.
  const int fd =
      ::open(db_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) {
    const int changed = ::fchmod(fd, 0600);
    const int error = errno;
    ::close(fd);
    if (changed != 0) return Failed("make private", db_path, error);
  } else if (errno != EEXIST) {
    return Failed("create", db_path, errno);
  }
  if (auto r = NarrowMode(db_path); !r) return r;
  for (const char* suffix : kStoreFileSuffixes) {
    if (auto r = NarrowMode(db_path + suffix); !r) return r;
  }
  return {};
}

}  // namespace claimgate::store
