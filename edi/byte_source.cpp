#include "edi/byte_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace edi {

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  int fd = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error{"file_open_failed", "cannot open " + path + ": " + std::strerror(errno)};
  }
#ifdef POSIX_FADV_SEQUENTIAL
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return std::unique_ptr<FileSource>(new FileSource(fd, path));
}

FileSource::~FileSource() { ::close(fd_); }

Result<std::size_t> FileSource::Read(char* dst, std::size_t n) {
  for (;;) {
    ssize_t got = ::read(fd_, dst, n);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno == EINTR) continue;
    return Error{"file_read_failed", "cannot read " + path_ + ": " + std::strerror(errno)};
  }
}

Result<std::size_t> MemorySource::Read(char* dst, std::size_t n) {
  std::size_t take = std::min({n, piece_, data_.size() - at_});
  if (take > 0) std::memcpy(dst, data_.data() + at_, take);
  at_ += take;
  return take;
}

}  // namespace edi
