// libFuzzer target for the X12 reader, validator and acknowledgments: any byte string must be
// read, validated and acknowledged without a crash, undefined behaviour or a leak, in place and
// streamed in small pieces, and both paths must hand out the same segments unless a size limit
// (which the two paths meet at different points) was reported. Built by tests/fuzz/CMakeLists.txt
// with clang only; CI runs it with tests/fuzz/replay_fuzz.sh, people with explore_fuzz.sh.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

#include "edi/ack.hpp"
#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/segment.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"

namespace {

// Component and repetition access is by index (a scan each time), so touching every part of a
// 60,000-separator element would be quadratic in the harness, not in the reader: touch the first
// parts and the last one, which is where an off-by-one would read past the element.
constexpr std::size_t kPartsTouched = 64;

// Where touched sizes go, so the compiler cannot drop the reads.
volatile std::size_t touched_sink = 0;

std::size_t Touch(const edi::Element& element) {
  std::size_t sum = element.value().size() + element.is_composite() + element.is_repeated();
  const std::size_t components = element.component_count();
  for (std::size_t c = 1; c <= std::min(components, kPartsTouched); ++c) {
    sum += element.component(c).size();
  }
  sum += element.component(components).size() + element.component(components + 1).size();
  return sum;
}

std::size_t Touch(const edi::Segment& segment) {
  std::size_t sum =
      segment.id().size() + segment.raw().size() + segment.delimiters().terminator_length;
  const std::size_t n = segment.element_count();
  for (std::size_t i = 0; i <= n + 1; ++i) {
    sum += static_cast<std::size_t>(segment.element_offset(i) - segment.byte_offset());
    const edi::Element element = segment.element_at(i);
    const std::size_t repetitions = element.repetition_count();
    for (std::size_t r = 1; r <= std::min(repetitions, kPartsTouched); ++r) {
      sum += Touch(element.repetition(r));
    }
    sum += Touch(element.repetition(repetitions));
  }
  return sum;
}

// What the two reading paths must agree on.
struct Digest {
  std::uint64_t segments = 0;
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a over every segment's raw bytes
  bool hit_limit = false;

  void Add(const edi::Segment& segment) {
    ++segments;
    for (char c : segment.raw()) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash = (hash ^ 0x100u) * 1099511628211ull;  // segment boundary
  }
};

// Notes findings about limits: with them the two paths may legitimately split the input
// differently (a long BIN is checked against max_segment_length only while streaming).
class LimitWatch final : public edi::DiagnosticSink {
 public:
  explicit LimitWatch(bool* hit) : hit_(hit) {}
  void Report(edi::Diagnostic d) override {
    switch (d.code) {
      case edi::DiagCode::kSegmentTooLong:
      case edi::DiagCode::kTooManyElements:
      case edi::DiagCode::kBinaryLength:
      case edi::DiagCode::kFileTooLarge:
        *hit_ = true;
        break;
      default:
        break;
    }
    list_.Report(std::move(d));
  }

 private:
  bool* hit_;
  edi::DiagnosticList list_{64};  // exercises the list's limit too
};

Digest Read(edi::SegmentReader& reader, bool* hit_limit) {
  Digest digest;
  edi::Segment segment;
  std::size_t touched = 0;
  while (reader.Next(&segment)) {
    digest.Add(segment);
    touched += Touch(segment);
  }
  touched_sink = touched;
  digest.hit_limit = *hit_limit || reader.io_error().has_value();
  return digest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An exact-size heap copy: no trailing NUL or slack, so ASan sees a read one byte too far.
  auto copy = std::make_unique<char[]>(size);
  if (size != 0) std::memcpy(copy.get(), data, size);
  const std::string_view input(copy.get(), size);

  {
    // In place, default options: envelope checks, the implementation-guide validator where a
    // schema exists, and the 999 and TA1 built from what they found.
    static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
    if (!registry) __builtin_trap();
    edi::DiagnosticList diagnostics;
    edi::SegmentReader reader(input, diagnostics);
    edi::X12Validator validator(registry->get(), diagnostics);
    edi::Segment segment;
    std::size_t touched = 0;
    while (reader.Next(&segment)) {
      validator.Add(segment, reader.header());
      touched += Touch(segment) + validator.envelope().segment_in_set() +
                 validator.envelope().in_transaction_set();
    }
    validator.Finish();
    for (const edi::Diagnostic& d : diagnostics.items()) {
      touched += edi::DescribePosition(d.pos, d.segment_id).size() + d.message.size();
    }
    const auto& interchanges = validator.envelope().interchanges();
    edi::AckOptions ack;
    ack.date = "20260101";
    ack.time = "0000";
    for (std::size_t i = 0; i < interchanges.size(); ++i) {
      std::uint64_t end = i + 1 < interchanges.size() ? interchanges[i + 1].first_segment
                                                      : reader.segments_read() + 1;
      auto ta1 = edi::BuildTa1(interchanges[i], end, diagnostics.items(), ack);
      auto f999 = edi::Build999(interchanges[i], end, diagnostics.items(), ack);
      touched += (ta1 ? ta1->size() : 0) + (f999 ? f999->size() : 0);
    }
    touched_sink = touched;
  }

  // Small limits make the streaming path refill, compact and grow its window on short inputs.
  edi::ReaderOptions options;
  options.chunk_size = 64;
  options.max_segment_length = 256;
  options.max_elements = 32;
  options.max_binary_length = 1024;
  const std::size_t piece = size == 0 ? 1 : 1 + static_cast<std::size_t>(data[0]) % 97;

  bool memory_limit = false;
  LimitWatch memory_sink(&memory_limit);
  edi::SegmentReader in_memory(input, memory_sink, options);
  const Digest a = Read(in_memory, &memory_limit);

  bool stream_limit = false;
  LimitWatch stream_sink(&stream_limit);
  edi::MemorySource source(input, piece);
  edi::SegmentReader streaming(source, stream_sink, options);
  const Digest b = Read(streaming, &stream_limit);

  if (!a.hit_limit && !b.hit_limit && (a.segments != b.segments || a.hash != b.hash)) {
    __builtin_trap();
  }
  return 0;
}
