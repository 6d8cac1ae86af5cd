// Throughput of the X12 reader and writer on the generated inputs (tests/bench/gen_inputs.sh):
// in-memory tokenizing against a memchr scan (the physical limit), the streaming path, the
// envelope check and the writer. Inputs are read from --bench_data=DIR, else $CLAIMGATE_BENCH_DATA,
// else <repo>/build/bench-data; a missing file skips its benchmarks with an error.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edi/byte_source.hpp"
#include "edi/diagnostics.hpp"
#include "edi/envelope.hpp"
#include "edi/segment.hpp"
#include "edi/segment_reader.hpp"
#include "edi/writer.hpp"
#include "edi/x12_validator.hpp"
#include "tests/bench/bench_data.hpp"

namespace {

using claimgate::bench::BenchInputOrSkip;
using claimgate::bench::RunBenchmarks;
using claimgate::bench::SetByteRate;
using claimgate::bench::SetItemRate;

constexpr const char* k837P = "837p_60mb.x12";
constexpr const char* k835 = "835_37mb.x12";

void SetRates(benchmark::State& state, std::size_t bytes, std::uint64_t segments,
              std::uint64_t elements) {
  SetByteRate(state, bytes);
  SetItemRate(state, "segments", segments);
  if (elements != 0) SetItemRate(state, "elements", elements);
}

// Reads every segment and touches every element view (the least any consumer does).
template <typename MakeReader>
void Tokenize(benchmark::State& state, std::size_t bytes, MakeReader make_reader) {
  std::uint64_t segments = 0;
  std::uint64_t elements = 0;
  for (auto _ : state) {
    edi::DiagnosticList diagnostics;
    auto reader = make_reader(diagnostics);
    edi::Segment segment;
    segments = 0;
    elements = 0;
    std::size_t element_bytes = 0;
    while (reader->Next(&segment)) {
      const std::size_t n = segment.element_count();
      for (std::size_t i = 1; i <= n; ++i) element_bytes += segment.element(i).size();
      elements += n;
      ++segments;
    }
    benchmark::DoNotOptimize(element_bytes);
    if (reader->fatal()) {
      state.SkipWithError("the reader stopped before the end of the input");
      return;
    }
  }
  SetRates(state, bytes, segments, elements);
}

void BM_Tokenize(benchmark::State& state, const char* name) {
  const std::string* input = BenchInputOrSkip(state, name);
  if (input == nullptr) return;
  Tokenize(state, input->size(), [&](edi::DiagnosticSink& sink) {
    return std::make_unique<edi::SegmentReader>(std::string_view(*input), sink);
  });
}

void BM_TokenizeStreaming(benchmark::State& state, const char* name) {
  const std::string* input = BenchInputOrSkip(state, name);
  if (input == nullptr) return;
  // The source lives beside the reader for one iteration; both are rebuilt each time.
  struct Streaming {
    Streaming(std::string_view data, edi::DiagnosticSink& sink)
        : source(data), reader(source, sink) {}
    bool Next(edi::Segment* s) { return reader.Next(s); }
    bool fatal() const { return reader.fatal(); }
    edi::MemorySource source;
    edi::SegmentReader reader;
  };
  Tokenize(state, input->size(),
           [&](edi::DiagnosticSink& sink) { return std::make_unique<Streaming>(*input, sink); });
}

void BM_MemchrBaseline(benchmark::State& state, const char* name) {
  const std::string* input = BenchInputOrSkip(state, name);
  if (input == nullptr) return;
  std::uint64_t segments = 0;
  for (auto _ : state) {
    segments = 0;
    const char* p = input->data();
    const char* end = p + input->size();
    while (const void* hit = std::memchr(p, '~', static_cast<std::size_t>(end - p))) {
      ++segments;
      p = static_cast<const char*>(hit) + 1;
    }
    benchmark::DoNotOptimize(segments);
  }
  SetRates(state, input->size(), segments, 0);
}

void BM_Envelope(benchmark::State& state, const char* name) {
  const std::string* input = BenchInputOrSkip(state, name);
  if (input == nullptr) return;
  std::uint64_t segments = 0;
  for (auto _ : state) {
    edi::DiagnosticList diagnostics;
    edi::SegmentReader reader(std::string_view(*input), diagnostics);
    edi::EnvelopeChecker checker(diagnostics, {.keep_summaries = false});
    edi::Segment segment;
    segments = 0;
    while (reader.Next(&segment)) {
      checker.Add(segment, reader.header());
      ++segments;
    }
    checker.Finish();
    if (diagnostics.HasErrors()) {
      state.SkipWithError("the generated input has envelope errors");
      return;
    }
  }
  SetRates(state, input->size(), segments, 0);
}

// Full validation: envelope plus the implementation guide of every transaction set that has a
// schema (the input's findings are counted, not required to be zero: the generator's data is
// synthetic and may not meet every guide rule).
void BM_Validate(benchmark::State& state, const char* name) {
  const std::string* input = BenchInputOrSkip(state, name);
  if (input == nullptr) return;
  static const auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
  std::uint64_t segments = 0;
  std::size_t findings = 0;
  for (auto _ : state) {
    edi::DiagnosticList diagnostics;
    edi::SegmentReader reader(std::string_view(*input), diagnostics);
    edi::X12Validator validator(registry->get(), diagnostics, {.keep_summaries = false});
    edi::Segment segment;
    segments = 0;
    while (reader.Next(&segment)) {
      validator.Add(segment, reader.header());
      ++segments;
    }
    validator.Finish();
    findings = diagnostics.items().size();
  }
  state.counters["findings"] = static_cast<double>(findings);
  SetRates(state, input->size(), segments, 0);
}

// Start-up cost of parsing every built-in implementation-guide schema.
void BM_LoadSchemas(benchmark::State& state) {
  std::size_t definitions = 0;
  for (auto _ : state) {
    auto registry = edi::schema::SchemaRegistry::LoadBuiltIn();
    if (!registry) {
      state.SkipWithError(registry.error().message.c_str());
      return;
    }
    definitions = 0;
    for (const auto& s : (*registry)->schemas()) definitions += s->segment_count();
  }
  state.counters["segment_definitions"] = static_cast<double>(definitions);
}

// Synthetic values only: the writer's cost depends on lengths and delimiters, not on content.
constexpr int kWriterClaims = 1000;

void WriteClaim(edi::SegmentWriter& w, const std::string& claim_id) {
  w.Write("NM1", {"IL", "1", "SUBSCRIBER", "TEST", "", "", "", "MI", "M000000001"});
  w.Write("N3", {"100 EXAMPLE ST"});
  w.Write("N4", {"COLUMBUS", "OH", "432150001"});
  w.Begin("CLM").Add(claim_id).Add("432.5").Add("").Add("").AddComposite({"11", "B", "1"});
  w.Add("Y").Add("A").Add("Y").Add("Y").End();
  w.Begin("HI").AddComposite({"ABK", "K219"}).AddComposite({"ABF", "S93401A"});
  w.AddComposite({"ABF", "N390"}).End();
  for (std::string_view line : {"1", "2", "3"}) {
    w.Write("LX", {line});
    w.Begin("SV1").AddComposite({"HC", "80053", "GT", "RT"}).Add("42.5").Add("UN").Add("1");
    w.Add("").Add("").AddComposite({"1", "3", "4"}).End();
    w.Write("DTP", {"472", "D8", "20240814"});
  }
}

void BM_Writer(benchmark::State& state) {
  std::vector<std::string> claim_ids;
  for (int i = 0; i < kWriterClaims; ++i) {
    claim_ids.push_back("PCN" + std::to_string(100000000 + i));
  }
  edi::InterchangeParams isa;
  isa.sender_id = "SUBMITTER001";
  isa.receiver_id = "CLEARHOUSE01";
  isa.date = "240115";
  isa.time = "1200";
  edi::GroupParams gs;
  gs.sender = isa.sender_id;
  gs.receiver = isa.receiver_id;
  gs.date = "20240115";
  gs.time = "1200";
  gs.version = "005010X222A1";

  std::string out;
  for (auto _ : state) {
    out.clear();  // keeps its capacity: the benchmark measures formatting, not allocation
    edi::InterchangeWriter writer(&out);
    writer.BeginInterchange(isa);
    writer.BeginGroup(gs);
    writer.BeginTransaction("837", "0001", "005010X222A1");
    writer.body().Write("BHT", {"0019", "00", "B1000001", "20240115", "1200", "CH"});
    for (const std::string& id : claim_ids) WriteClaim(writer.body(), id);
    writer.EndTransaction();
    writer.EndGroup();
    writer.EndInterchange();
    if (!writer.Finish()) {
      state.SkipWithError("the writer refused a segment");
      return;
    }
    benchmark::DoNotOptimize(out.data());
  }
  // No value holds a '~', so terminators count the segments, envelopes included.
  SetRates(state, out.size(), static_cast<std::uint64_t>(std::count(out.begin(), out.end(), '~')),
           0);
}

}  // namespace

int main(int argc, char** argv) {
  for (auto* b : {
           benchmark::RegisterBenchmark("BM_Tokenize837P", BM_Tokenize, k837P),
           benchmark::RegisterBenchmark("BM_Tokenize835", BM_Tokenize, k835),
           benchmark::RegisterBenchmark("BM_MemchrBaseline837P", BM_MemchrBaseline, k837P),
           benchmark::RegisterBenchmark("BM_MemchrBaseline835", BM_MemchrBaseline, k835),
           benchmark::RegisterBenchmark("BM_TokenizeStreaming837P", BM_TokenizeStreaming, k837P),
           benchmark::RegisterBenchmark("BM_Envelope837P", BM_Envelope, k837P),
           benchmark::RegisterBenchmark("BM_Validate837P", BM_Validate, k837P),
           benchmark::RegisterBenchmark("BM_Validate835", BM_Validate, k835),
           benchmark::RegisterBenchmark("BM_LoadSchemas", BM_LoadSchemas),
           benchmark::RegisterBenchmark("BM_Writer", BM_Writer),
       }) {
    b->Unit(benchmark::kMillisecond);
  }

  return RunBenchmarks(argc, argv);
}
