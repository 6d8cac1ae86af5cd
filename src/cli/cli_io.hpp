// What the commands that build X12 share: the UTC clock as text, reading a file or standard
// input, checking a built interchange with claimgate's own validator, and writing it out.
// Stateless functions; they write to std::cout / std::cerr, so call them from one thread.
#pragma once

#include <string>
#include <string_view>

namespace claimgate::cli {

// The current UTC time through strftime(format), e.g. "%Y%m%d" or "%H%M".
std::string UtcNow(const char* format);

// The whole of `path`, or standard input for "-"; false when it cannot be read.
bool ReadInput(const std::string& path, std::string* text);

// The built interchange must pass claimgate's own validator (every built-in guide); a failure is
// a builder defect, reported on standard error as "the built WHAT fails validation" and never
// written out. True when there is no error.
bool SelfCheck(const std::string& x12, std::string_view what);

// Writes `x12` to `out_path` (standard output for "" or "-", then with a final line feed unless
// the segments already end in line breaks). Exit code: 0 written, 2 not writable.
int WriteInterchange(const std::string& x12, const std::string& out_path, bool line_break);

}  // namespace claimgate::cli
