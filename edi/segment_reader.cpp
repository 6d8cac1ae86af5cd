#include "edi/segment_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edi {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Character classes for segment ids: 1 = upper-case letter, 2 = digit. A table and no early
// exits: ids of two and three characters alternate all through a file, and branching on them
// costs the hot path a mispredict per segment.
constexpr std::array<std::uint8_t, 256> kIdClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = 1;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 2;
  return t;
}();

__attribute__((always_inline)) inline bool IsValidSegmentId(std::string_view id) {
  if (id.size() - 2 > 1) return false;  // size 2 or 3 only
  auto cls = [](char c) { return kIdClass[static_cast<unsigned char>(c)]; };
  return (cls(id[0]) == 1) & (cls(id[1]) != 0) & (cls(id[id.size() - 1]) != 0);
}

constexpr std::uint32_t kBin = SegmentIdKey("BIN");
constexpr std::uint32_t kBds = SegmentIdKey("BDS");
constexpr std::uint32_t kIea = SegmentIdKey("IEA");

bool IsAlnumByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Position of "ISA" (as LooksLikeIsa) in `text` after a character that is not a letter or
// digit; npos when there is none. `boundary_at_start` says whether text[0] may start one: true at
// the start of a search, and otherwise what the byte before the text (no longer in the window)
// was, so that a streamed window cut just before "ISA" decides as the whole input would.
std::size_t FindIsa(std::string_view text, bool boundary_at_start) {
  for (std::size_t at = text.find("ISA"); at != std::string_view::npos;
       at = text.find("ISA", at + 1)) {
    bool boundary = at == 0 ? boundary_at_start : !IsAlnumByte(text[at - 1]);
    if (boundary && LooksLikeIsa(text.substr(at))) return at;
  }
  return std::string_view::npos;
}

}  // namespace

SegmentReader::SegmentReader(std::string_view input, DiagnosticSink& sink,
                             const ReaderOptions& options)
    : sink_(sink), options_(options), data_(input.data()), end_(input.size()), eof_(true) {
  fields_.items =
      std::make_unique<std::string_view[]>(std::max<std::size_t>(options_.max_elements, 16) + 1);
  if (options_.max_file_size != 0 && input.size() > options_.max_file_size) {
    Report(DiagCode::kFileTooLarge, Severity::kError, 0, {},
           "the input is " + std::to_string(input.size()) + " bytes; the limit is " +
               std::to_string(options_.max_file_size));
    Stop();
  }
}

SegmentReader::SegmentReader(ByteSource& source, DiagnosticSink& sink, const ReaderOptions& options)
    : sink_(sink), options_(options), source_(&source) {
  options_.chunk_size = std::max<std::size_t>(options_.chunk_size, 1);
  capacity_ = options_.chunk_size + std::max(options_.max_segment_length, kIsaSearchWindow) + 64;
  buffer_ = std::make_unique<char[]>(capacity_);
  data_ = buffer_.get();
  fields_.items =
      std::make_unique<std::string_view[]>(std::max<std::size_t>(options_.max_elements, 16) + 1);
}

SegmentReader::~SegmentReader() = default;

void SegmentReader::Report(DiagCode code, Severity severity, std::uint64_t offset,
                           std::string_view segment_id, std::string message,
                           std::string_view value) {
  Position pos;
  pos.byte_offset = offset;
  pos.segment = segment_id.empty() ? 0 : segment_index_ + 1;
  sink_.Report(
      {code, severity, pos, std::string(segment_id), std::move(message), std::string(value), {}});
}

// Makes at least `want` bytes available from pos_ (fewer at the end of the input). Compacts the
// window and grows the buffer only as far as `want` needs. Returns false if nothing new came.
bool SegmentReader::Fill(std::size_t want) {
  if (eof_ || state_ == State::kDone) return false;
  if (pos_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + pos_, end_ - pos_);
    base_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  if (want + options_.chunk_size > capacity_) {
    std::size_t grown = want + options_.chunk_size;
    auto bigger = std::make_unique<char[]>(grown);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
    data_ = buffer_.get();
  }
  bool got_any = false;
  while (end_ < want && !eof_) {
    auto got = source_->Read(buffer_.get() + end_, std::min(options_.chunk_size, capacity_ - end_));
    if (!got) {
      io_error_ = got.error();
      Stop();
      return false;
    }
    if (*got == 0) {
      eof_ = true;
      break;
    }
    end_ += *got;
    got_any = true;
    if (options_.max_file_size != 0 && base_ + end_ > options_.max_file_size) {
      Report(DiagCode::kFileTooLarge, Severity::kError, options_.max_file_size, {},
             "the input is larger than the limit of " + std::to_string(options_.max_file_size) +
                 " bytes; reading stopped there");
      Stop();
      return false;
    }
  }
  return got_any;
}

bool SegmentReader::Next(Segment* segment) {
  if (state_ == State::kInInterchange && ReadSegment(segment)) [[likely]] {
    return true;
  }
  for (;;) {
    switch (state_) {
      case State::kStart:
        if (!Start()) return false;
        state_ = State::kSeekIsa;
        break;
      case State::kSeekIsa:
        if (!SeekIsa()) return false;
        return ReadIsa(segment);
      case State::kInInterchange:
        if (ReadSegment(segment)) return true;
        if (state_ == State::kDone) return false;
        break;  // a new ISA without an IEA before it, or a skipped segment: go round
      case State::kDone:
        return false;
    }
  }
}

bool SegmentReader::Start() {
  if (!eof_) Fill(4);
  std::string_view head(data_ + pos_, std::min<std::size_t>(end_ - pos_, 4));
  auto byte = [&](std::size_t i) {
    return i < head.size() ? static_cast<unsigned char>(head[i]) : 0x100u;
  };
  bool bom16 = (byte(0) == 0xff && byte(1) == 0xfe) || (byte(0) == 0xfe && byte(1) == 0xff);
  bool nul_interleaved = head.size() >= 4 && ((byte(1) == 0 && byte(3) == 0 && byte(0) != 0) ||
                                              (byte(0) == 0 && byte(2) == 0 && byte(1) != 0));
  if (bom16 || nul_interleaved) {
    Report(DiagCode::kUtf16Input, Severity::kError, 0, {},
           "the input is UTF-16 text; X12 must be sent as ASCII or UTF-8 bytes");
    Stop();
    return false;
  }
  if (byte(0) == 0xef && byte(1) == 0xbb && byte(2) == 0xbf) pos_ += 3;  // UTF-8 BOM: tolerated
  return true;
}

void SegmentReader::SkipWhitespace(bool in_interchange) {
  const Delimiters& d = header_.delimiters;
  for (;;) {
    while (pos_ < end_ && IsSpace(data_[pos_]) &&
           !(in_interchange && (data_[pos_] == d.element || data_[pos_] == d.component))) {
      ++pos_;
    }
    if (pos_ < end_ || eof_ || !Fill(1)) return;
  }
}

// Finds the next ISA from pos_, reporting what lies before it. Returns false at the end.
bool SegmentReader::SeekIsa() {
  SkipWhitespace(false);
  if (!eof_) Fill(kIsaSearchWindow);
  std::uint64_t junk_start = base_ + pos_;
  std::uint64_t junk_bytes = 0;
  bool boundary_at_start = true;
  for (;;) {
    std::string_view window(data_ + pos_, end_ - pos_);
    std::size_t at = FindIsa(window, boundary_at_start);
    // An ISA found near the end of a chunk needs its whole header in the window before parsing.
    if (at != std::string_view::npos && (eof_ || window.size() - at >= kIsaSearchWindow)) {
      junk_bytes += at;
      pos_ += at;
      break;
    }
    if (eof_) {
      junk_bytes += window.size();
      pos_ = end_;
      break;
    }
    // Keep the tail that could hold the start of an ISA; drop the rest.
    std::size_t keep =
        at != std::string_view::npos ? window.size() - at : std::min<std::size_t>(window.size(), 3);
    junk_bytes += window.size() - keep;
    pos_ = end_ - keep;
    // The byte before the kept tail leaves the window with the refill: remember what it was.
    if (keep < window.size()) boundary_at_start = !IsAlnumByte(data_[pos_ - 1]);
    if (!Fill(kIsaSearchWindow) && state_ == State::kDone) return false;
  }
  bool found = pos_ < end_;
  if (junk_bytes > 0) {
    if (interchanges_ == 0) {
      Report(DiagCode::kLeadingJunk, Severity::kError, junk_start, {},
             std::to_string(junk_bytes) + " byte(s) before the first ISA are not X12");
    } else {
      Report(DiagCode::kTrailingJunk, Severity::kWarning, junk_start, {},
             std::to_string(junk_bytes) + " byte(s) after the IEA" +
                 (found ? " and before the next ISA" : "") + " are not X12");
    }
  }
  if (!found) {
    if (interchanges_ == 0) {
      Report(DiagCode::kNoInterchange, Severity::kError, base_ + pos_, {},
             "no ISA interchange header found; this is not an X12 interchange");
      Stop();
    } else {
      state_ = State::kDone;
    }
    return false;
  }
  return true;
}

bool SegmentReader::ReadIsa(Segment* segment) {
  std::string_view window(data_ + pos_, std::min(end_ - pos_, kIsaSearchWindow));
  auto header = ParseIsa(window, base_ + pos_, segment_index_ + 1, sink_);
  if (!header) {
    Stop();
    return false;
  }
  header_ = std::move(*header);
  std::memset(splat_[0], header_.delimiters.element, 16);
  std::memset(splat_[1], header_.delimiters.segment(), 16);
  std::memset(splat_[2], '\n', 16);
  std::memset(splat_[3], '\r', 16);
  ++interchanges_;
  ++segment_index_;
  std::string_view raw = window.substr(0, header_.length - header_.delimiters.terminator_length);
  fields_.clear();
  std::size_t from = 0;
  for (std::size_t at = raw.find(header_.delimiters.element);
       at != std::string_view::npos && fields_.size() < 16;
       at = raw.find(header_.delimiters.element, from)) {
    fields_.push_back(raw.substr(from, at - from));
    from = at + 1;
  }
  fields_.push_back(raw.substr(from));
  *segment = Segment(raw, fields_.span(), &header_.delimiters, base_ + pos_, segment_index_);
  pos_ += header_.length;
  state_ = State::kInInterchange;
  return true;
}

bool SegmentReader::TerminatorAt(std::size_t at) const {
  const Delimiters& d = header_.delimiters;
  if (d.terminator_length == 1) return true;
  if (at + d.terminator_length > end_) return false;
  return std::memcmp(data_ + at, d.terminator.data(), d.terminator_length) == 0;
}

// Splits data_[start, end_) into fields_ up to the first segment terminator and returns the
// terminator's offset, or kNotFound when the window ends first. Notes the first line break
// inside the segment in line_break_at_.
// Inlined into ReadSegment, its only caller: the hot path is one function.
__attribute__((always_inline)) inline std::size_t SegmentReader::Tokenize(std::size_t start) {
  const Delimiters& d = header_.delimiters;
  const char elem = d.element;
  const char term = d.segment();
  const std::size_t max_fields = options_.max_elements + 1;
  const bool single_byte_terminator = d.terminator_length == 1;
  line_break_at_ = kNotFound;
  too_many_elements_ = false;
  // Locals in the hot loop: stores into the field array could otherwise alias members.
  std::string_view* fields = fields_.items.get();
  std::size_t nf = 0;
  std::size_t field_start = start;
  bool too_many = false;
  const char* p = data_;
  auto push = [&](std::size_t at) {
    if (nf < max_fields) {
      fields[nf++] = std::string_view(p + field_start, at - field_start);
    } else {
      too_many = true;
    }
    field_start = at + 1;
  };
  auto line_break = [&](std::size_t at) {
    // CR before an LF terminator is a line ending, not a wrapped line.
    bool crlf_end = p[at] == '\r' && term == '\n' && at + 1 < end_ && p[at + 1] == '\n';
    if (!crlf_end && line_break_at_ == kNotFound) line_break_at_ = at;
  };
  auto finish = [&](std::size_t at) {
    if (nf < max_fields) fields[nf++] = std::string_view(p + field_start, at - field_start);
    fields_.count = nf;
    too_many_elements_ = too_many;
    return at;
  };

  std::size_t i = start;
#if defined(__SSE2__)
  // 32 bytes per step, most segments in one. The first terminator splits the step: element
  // separators before it are fields, the rest wait for the next call. No branch per byte kind.
  const __m128i v_elem = _mm_load_si128(reinterpret_cast<const __m128i*>(splat_[0]));
  const __m128i v_term = _mm_load_si128(reinterpret_cast<const __m128i*>(splat_[1]));
  const __m128i v_lf = _mm_load_si128(reinterpret_cast<const __m128i*>(splat_[2]));
  const __m128i v_cr = _mm_load_si128(reinterpret_cast<const __m128i*>(splat_[3]));
  while (i + 32 <= end_) {
    __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
    auto mask = [](__m128i a, __m128i b) {
      return static_cast<std::uint32_t>(_mm_movemask_epi8(a)) |
             (static_cast<std::uint32_t>(_mm_movemask_epi8(b)) << 16);
    };
    std::uint32_t e = mask(_mm_cmpeq_epi8(lo, v_elem), _mm_cmpeq_epi8(hi, v_elem));
    std::uint32_t t = mask(_mm_cmpeq_epi8(lo, v_term), _mm_cmpeq_epi8(hi, v_term));
    std::uint32_t lb = mask(_mm_or_si128(_mm_cmpeq_epi8(lo, v_lf), _mm_cmpeq_epi8(lo, v_cr)),
                            _mm_or_si128(_mm_cmpeq_epi8(hi, v_lf), _mm_cmpeq_epi8(hi, v_cr)));
    lb &= ~(e | t);
    std::uint32_t before = t != 0 ? (t & (0u - t)) - 1 : ~0u;
    std::uint32_t m = e & before;
    if (nf + 32 <= max_fields) [[likely]] {
      // Room for every separator in this step: no per-field limit check.
      for (; m != 0; m &= m - 1) {
        std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(m));
        fields[nf++] = std::string_view(p + field_start, at - field_start);
        field_start = at + 1;
      }
    } else {
      for (; m != 0; m &= m - 1) push(i + static_cast<std::size_t>(__builtin_ctz(m)));
    }
    if ((lb & before) != 0) line_break(i + static_cast<std::size_t>(__builtin_ctz(lb & before)));
    if (t == 0) {
      i += 32;
      continue;
    }
    std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(t));
    if (single_byte_terminator || TerminatorAt(at)) return finish(at);
    i = at + 1;  // the first byte of a multi-byte terminator alone: data; go on after it
  }
#endif
  for (; i < end_; ++i) {
    char c = p[i];
    if (c == term && TerminatorAt(i)) return finish(i);
    if (c == elem) {
      push(i);
    } else if (c == '\n' || c == '\r') {
      line_break(i);
    }
  }
  fields_.count = nf;
  too_many_elements_ = too_many;
  last_field_start_ = field_start;
  return kNotFound;
}

// BIN and BDS carry a byte count and then raw data that may contain delimiters. Re-reads the
// segment so that the data runs exactly that many bytes. Returns 0 when done (updating
// *terminator if the data is whole), or how many bytes from `start` must be in the window first.
std::size_t SegmentReader::FixBinary(std::size_t start, std::size_t* terminator) {
  std::string_view id = fields_[0];
  std::size_t length_field = id == "BIN" ? 1 : 2;
  if (fields_.size() < length_field + 2) return 0;  // no data element: leave as tokenized
  std::string_view count = fields_[length_field];
  std::uint64_t n = 0;
  bool digits = !count.empty() && count.size() <= 15;
  for (char c : count) {
    digits = digits && c >= '0' && c <= '9';
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  std::uint64_t offset = base_ + static_cast<std::uint64_t>(count.data() - data_);
  if (!digits || n > options_.max_binary_length) {
    Report(DiagCode::kBinaryLength, Severity::kError, offset, id,
           std::string(id) + " length must be a number of at most " +
               std::to_string(options_.max_binary_length) + " bytes",
           count);
    return 0;
  }
  std::size_t data_start = static_cast<std::size_t>(fields_[length_field + 1].data() - data_);
  std::size_t data_end = data_start + static_cast<std::size_t>(n);
  std::size_t need = data_end + header_.delimiters.terminator_length;
  if (need > end_ && !eof_) return need - start;
  if (need <= end_ && data_[data_end] == header_.delimiters.segment() && TerminatorAt(data_end)) {
    fields_.resize(length_field + 2);
    fields_[length_field + 1] = std::string_view(data_ + data_start, static_cast<std::size_t>(n));
    *terminator = data_end;
    if (line_break_at_ != kNotFound && line_break_at_ >= data_start) line_break_at_ = kNotFound;
    return 0;
  }
  Report(DiagCode::kBinaryLength, Severity::kError, offset, id,
         std::string(id) + " says the data is " + std::to_string(n) +
             " bytes but no segment terminator follows that many bytes",
         count);
  return 0;
}

void SegmentReader::SkipTooLong(std::size_t start) {
  Report(DiagCode::kSegmentTooLong, Severity::kError, base_ + start, "?",
         "a segment is longer than the limit of " + std::to_string(options_.max_segment_length) +
             " bytes; it was skipped");
  ++segment_index_;
  const char term = header_.delimiters.segment();
  pos_ = start;
  for (;;) {
    const void* hit = std::memchr(data_ + pos_, term, end_ - pos_);
    while (hit != nullptr) {
      std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - data_);
      if (TerminatorAt(at)) {
        pos_ = at + header_.delimiters.terminator_length;
        return;
      }
      hit = std::memchr(data_ + at + 1, term, end_ - at - 1);
    }
    // Keep what could be the start of a multi-byte terminator, and read past it.
    pos_ = end_ - std::min<std::size_t>(end_ - pos_, header_.delimiters.terminator_length - 1u);
    if (eof_ || !Fill(end_ - pos_ + 1)) {
      pos_ = end_;
      return;
    }
  }
}

// Reports what ReadSegment found odd about a segment. Returns false when there is no segment to
// hand out (an empty one), having moved past it.
__attribute__((noinline, cold)) bool SegmentReader::ReportOddSegment(std::string_view raw,
                                                                     std::string_view id,
                                                                     std::uint64_t offset,
                                                                     std::size_t terminator,
                                                                     bool unterminated) {
  if (raw.empty()) {
    Report(DiagCode::kEmptySegment, Severity::kWarning, offset, {},
           "an empty segment (two segment terminators in a row)");
    // Only delimiters that look like white space were left at the end: consume them all.
    pos_ = unterminated ? end_ : terminator + header_.delimiters.terminator_length;
    return false;
  }
  if (unterminated) {
    Report(DiagCode::kUnterminatedSegment, Severity::kError, offset, id,
           "the input ends without a segment terminator after this segment");
  }
  if (!IsValidSegmentId(id)) {
    Report(DiagCode::kSegmentIdInvalid, Severity::kError, offset,
           id.size() <= 3 ? id : id.substr(0, 3),
           "a segment id must be 2 or 3 upper-case letters or digits, starting with a letter", id);
  }
  if (line_break_at_ < terminator) {
    Report(DiagCode::kWrappedLine, Severity::kError, base_ + line_break_at_, id,
           "a line break inside a segment: the file looks hard-wrapped; X12 segments may not be "
           "split across lines");
  }
  if (too_many_elements_) {
    Report(DiagCode::kTooManyElements, Severity::kError, offset, id,
           "the segment has more than " + std::to_string(options_.max_elements) +
               " elements; the rest were dropped");
  }
  return true;
}

bool SegmentReader::ReadSegment(Segment* segment) {
  // Most segments start right where the last one ended: test one byte before calling out.
  if (pos_ == end_ || IsSpace(data_[pos_])) SkipWhitespace(true);
  if (state_ == State::kDone) return false;
  if (pos_ == end_) {
    state_ = State::kDone;
    return false;
  }
  if (!eof_ && end_ - pos_ < 4) Fill(4);
  if (data_[pos_] == 'I' && LooksLikeIsa(std::string_view(data_ + pos_, end_ - pos_))) {
    state_ = State::kSeekIsa;  // an ISA without an IEA before it: the envelope check reports it
    return false;
  }
  const std::size_t start = pos_;
  std::size_t terminator = Tokenize(start);
  bool unterminated = false;
  while (terminator == kNotFound) {
    if (eof_) {
      unterminated = true;
      terminator = end_;
      break;
    }
    // Room for the terminator too: a multi-byte one may straddle the window's end.
    if (end_ - pos_ > options_.max_segment_length + header_.delimiters.terminator_length) {
      SkipTooLong(pos_);
      return false;
    }
    std::size_t have = end_ - pos_;
    Fill(have + 1);
    if (state_ == State::kDone) return false;
    terminator = Tokenize(pos_);
  }
  std::size_t seg_start = pos_;
  if (unterminated) [[unlikely]] {
    // The input ends without a terminator: trim trailing line breaks and keep the segment.
    std::size_t e = end_;
    while (e > seg_start && IsSpace(data_[e - 1])) --e;
    if (fields_.size() < options_.max_elements + 1) {
      std::size_t from = std::min(last_field_start_, e);
      fields_.emplace_back(data_ + from, e - from);
    }
    terminator = e;
    if (line_break_at_ != kNotFound && line_break_at_ >= e) line_break_at_ = kNotFound;
  }
  const std::uint32_t key = SegmentIdKey(fields_[0]);
  const bool binary = (key == kBin) | (key == kBds);
  while (binary) {
    std::size_t need = FixBinary(seg_start, &terminator);
    if (need == 0) break;
    Fill(need);  // moves the window: re-tokenize from the segment's start
    if (state_ == State::kDone) return false;
    seg_start = pos_;
    terminator = Tokenize(seg_start);
    if (terminator == kNotFound) terminator = end_;
  }
  if (terminator - seg_start > options_.max_segment_length && !binary) {
    SkipTooLong(seg_start);
    return false;
  }
  std::string_view raw(data_ + seg_start, terminator - seg_start);
  // An LF terminator after CR: the CR belongs to the line ending.
  if (header_.delimiters.segment() == '\n' && !raw.empty() && raw.back() == '\r') {
    raw.remove_suffix(1);
    if (!fields_.empty() && !fields_.back().empty()) fields_.back().remove_suffix(1);
  }
  const std::uint64_t offset = base_ + seg_start;
  std::string_view id = fields_[0];  // Tokenize always leaves at least the id
  // One test for everything rare; the reports are out of line.
  const bool odd = raw.empty() | unterminated | !IsValidSegmentId(id) |
                   (line_break_at_ < terminator) | too_many_elements_;
  if (odd) [[unlikely]] {
    if (!ReportOddSegment(raw, id, offset, terminator, unterminated)) return false;
  }
  ++segment_index_;
  *segment = Segment(raw, fields_.span(), &header_.delimiters, offset, segment_index_);
  pos_ = terminator + (unterminated ? 0 : header_.delimiters.terminator_length);
  if (unterminated) pos_ = end_;
  if (key == kIea) state_ = State::kSeekIsa;
  return true;
}

}  // namespace edi
