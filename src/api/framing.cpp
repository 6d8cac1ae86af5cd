#include "src/api/framing.hpp"

#include <cctype>

#include "src/api/http_types.hpp"

namespace claimgate::api {
namespace {

// Header names compared the way a lenient proxy might: any case, '_' taken as '-'.
bool NameIs(std::string_view name, std::string_view want) {
  if (name.size() != want.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    if (c == '_') c = '-';
    if (c != want[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

FramingVerdict Refuse(std::string reason) {
  FramingVerdict v;
  v.ok = false;
  v.reason = std::move(reason);
  return v;
}

}  // namespace

FramingVerdict CheckFraming(const std::vector<std::pair<std::string_view, std::string_view>>& fields,
                            int http_minor) {
  FramingVerdict verdict;
  bool has_length = false;
  int transfer_encodings = 0;
  std::string_view transfer_encoding;
  for (const auto& [name, value] : fields) {
    if (NameIs(name, "content-length")) {
      if (name.find('_') != std::string_view::npos) return Refuse("content_length_misspelled");
      // One value or a comma list; every element must be digits and all must agree.
      std::string_view rest = value;
      while (true) {
        const size_t comma = rest.find(',');
        std::string_view item = Trim(rest.substr(0, comma));
        if (item.empty() || item.size() > 19) return Refuse("bad_content_length");
        uint64_t n = 0;
        for (char c : item) {
          if (c < '0' || c > '9') return Refuse("bad_content_length");
          n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        if (has_length && *verdict.content_length != n) {
          return Refuse("conflicting_content_length");
        }
        has_length = true;
        verdict.content_length = n;
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
      }
    } else if (NameIs(name, "transfer-encoding")) {
      if (name.find('_') != std::string_view::npos) return Refuse("transfer_encoding_misspelled");
      ++transfer_encodings;
      transfer_encoding = Trim(value);
    }
  }
  if (transfer_encodings > 0) {
    if (has_length) return Refuse("content_length_with_transfer_encoding");
    if (http_minor == 0) return Refuse("transfer_encoding_in_http_1_0");
    if (transfer_encodings > 1 || !EqualsIgnoreCase(transfer_encoding, "chunked")) {
      return Refuse("unsupported_transfer_encoding");
    }
    verdict.chunked = true;
  }
  return verdict;
}

}  // namespace claimgate::api
