// Where a streaming SegmentReader gets its bytes. FileSource reads a file with plain read(2) so
// memory stays bounded by the reader's buffer whatever the file size (mmap would count the whole
// file in the resident set). One reader per source; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "edi/result.hpp"

namespace edi {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `dst`; returns how many (0 only at the end of the input).
  virtual Result<std::size_t> Read(char* dst, std::size_t n) = 0;
};

class FileSource final : public ByteSource {
 public:
  // Opens `path` for sequential reading. "-" reads standard input.
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::size_t> Read(char* dst, std::size_t n) override;

 private:
  FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

// Serves a caller-owned buffer in pieces of at most `piece` bytes (tests use it to split input
// at every byte). `data` must outlive the source.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view data, std::size_t piece = SIZE_MAX)
      : data_(data), piece_(piece) {}
  Result<std::size_t> Read(char* dst, std::size_t n) override;

 private:
  std::string_view data_;
  std::size_t piece_;
  std::size_t at_ = 0;
};

}  // namespace edi
