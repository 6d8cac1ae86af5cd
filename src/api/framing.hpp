// Request framing checks done on the parsed header, before any body byte is read: anything that
// lets two HTTP parsers disagree about where a request ends (request smuggling) is refused with
// 400 and the connection is closed. Pure functions over the header list; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace claimgate::api {

struct FramingVerdict {
  bool ok = true;
  std::string reason;                     // for the 400 body and the log: stable snake_case
  std::optional<uint64_t> content_length;  // when the body is framed by Content-Length
  bool chunked = false;                    // when the body is framed by chunked coding
};

// `fields` are the header fields as received (any case). `http_minor` is 0 for HTTP/1.0.
// Refused: Content-Length together with Transfer-Encoding (any order or case, also names
// spelled with '_'); several Content-Length values that differ, or one that is not all digits;
// Transfer-Encoding other than exactly one `chunked`; any Transfer-Encoding in HTTP/1.0.
FramingVerdict CheckFraming(const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                            int http_minor);

}  // namespace claimgate::api
