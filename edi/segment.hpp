// Zero-copy views of one X12 segment: its id, elements, components and repetitions.
// Lifetime: a Segment points into the reader's buffer (or the caller's buffer for in-memory input)
// and into the reader's element table; it is valid until the next SegmentReader::Next() call or
// until the reader is destroyed. Copy what you need to keep (e.g. with std::string).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "edi/delimiters.hpp"

namespace edi {

// A segment id packed into an integer for fast comparison; 0 for ids that are not 2 or 3
// characters long. No branch on the length: 2- and 3-character ids alternate all through a file.
constexpr std::uint32_t SegmentIdKey(std::string_view id) {
  if (id.size() - 2 > 1) return 0;
  auto last = static_cast<std::uint32_t>(static_cast<unsigned char>(id[id.size() - 1]));
  return static_cast<std::uint32_t>(static_cast<unsigned char>(id[0])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(id[1])) << 8 |
         (last & (0u - static_cast<std::uint32_t>(id.size() == 3)));
}

// Splits `text` on `sep` and returns the 1-based `index`th part, or "" when there are fewer parts.
std::string_view NthPart(std::string_view text, char sep, std::size_t index);
// Number of parts `text` has when split on `sep` (an empty text has one empty part).
std::size_t PartCount(std::string_view text, char sep);

// One element value, with access to its repetitions and components.
class Element {
 public:
  Element(std::string_view value, const Delimiters* d) : value_(value), d_(d) {}

  std::string_view value() const { return value_; }
  bool empty() const { return value_.empty(); }

  // Repetitions (1-based). An element without a repetition separator has one repetition.
  std::size_t repetition_count() const {
    return d_->has_repetition ? PartCount(value_, d_->repetition) : 1;
  }
  Element repetition(std::size_t i) const {
    return {d_->has_repetition ? NthPart(value_, d_->repetition, i)
                               : (i == 1 ? value_ : std::string_view()),
            d_};
  }
  // Components (1-based) of this element (of its first repetition, if it repeats).
  std::size_t component_count() const { return PartCount(first_repetition(), d_->component); }
  std::string_view component(std::size_t i) const {
    return NthPart(first_repetition(), d_->component, i);
  }
  bool is_composite() const { return value_.find(d_->component) != std::string_view::npos; }
  bool is_repeated() const {
    return d_->has_repetition && value_.find(d_->repetition) != std::string_view::npos;
  }

 private:
  std::string_view first_repetition() const {
    if (!d_->has_repetition) return value_;
    return value_.substr(0, value_.find(d_->repetition));
  }
  std::string_view value_;
  const Delimiters* d_;
};

class Segment {
 public:
  Segment() = default;
  Segment(std::string_view raw, std::span<const std::string_view> fields, const Delimiters* d,
          std::uint64_t byte_offset, std::uint64_t index)
      : raw_(raw), fields_(fields), d_(d), byte_offset_(byte_offset), index_(index) {}

  // Segment identifier, e.g. "NM1".
  std::string_view id() const { return fields_.empty() ? std::string_view() : fields_[0]; }
  // The segment's text without its terminator.
  std::string_view raw() const { return raw_; }
  // Number of data elements present (trailing empty elements included as written).
  std::size_t element_count() const { return fields_.empty() ? 0 : fields_.size() - 1; }
  // Element value by 1-based position (NM1-03 is element(3)); "" past the end.
  std::string_view element(std::size_t i) const {
    return i >= 1 && i < fields_.size() ? fields_[i] : std::string_view();
  }
  Element element_at(std::size_t i) const { return {element(i), d_}; }
  // Component `c` of element `i`, both 1-based.
  std::string_view component(std::size_t i, std::size_t c) const {
    return element_at(i).component(c);
  }
  const Delimiters& delimiters() const { return *d_; }
  // Byte offset of the segment's first character in the input.
  std::uint64_t byte_offset() const { return byte_offset_; }
  // Byte offset where element `i` starts (i = 0: the id).
  std::uint64_t element_offset(std::size_t i) const {
    return i < fields_.size()
               ? byte_offset_ + static_cast<std::uint64_t>(fields_[i].data() - raw_.data())
               : byte_offset_ + raw_.size();
  }
  // 1-based index of the segment in the input.
  std::uint64_t index() const { return index_; }
  bool Is(std::string_view id) const { return this->id() == id; }

 private:
  std::string_view raw_;
  std::span<const std::string_view> fields_;  // fields_[0] is the id
  const Delimiters* d_ = nullptr;
  std::uint64_t byte_offset_ = 0;
  std::uint64_t index_ = 0;
};

}  // namespace edi
