// Store write throughput with group commit: claims inserted durably (WAL, synchronous=FULL) with
// N writes in flight, as the API's request handlers would issue them. Reports writes/s and
// commits/s (each commit is one fsync of the WAL; checkpoints add a few more: count real fsyncs
// with `strace -f -c -e trace=fsync,fdatasync`). The database lives in a fresh directory under
// $CLAIMGATE_BENCH_DIR (default: the system temp dir), removed afterwards.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "src/store/sqlite_store.hpp"

namespace claimgate::store {
namespace {

std::filesystem::path BenchDir() {
  const char* env = std::getenv("CLAIMGATE_BENCH_DIR");
  auto base = env != nullptr ? std::filesystem::path(env) : std::filesystem::temp_directory_path();
  auto dir =
      base / ("cg-store-bench-" + std::to_string(getpid()) + "-" + std::to_string(std::rand()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::unique_ptr<SqliteStore> Open(const std::filesystem::path& dir) {
  auto keys = std::make_shared<Keyring>();
  (void)keys->Add(1, std::string(kKeyBytes, 'b'));
  SqliteOptions o;
  o.path = (dir / "bench.db").string();
  o.keyring = keys;
  auto s = SqliteStore::Open(std::move(o));
  if (!s) std::abort();
  return std::move(*s);
}

NewClaim BenchClaim(const std::string& tenant, int64_t n) {
  NewClaim c;
  c.tenant_id = tenant;
  c.patient_control_number = "B" + std::to_string(n);
  c.payer_id = "PAYER1";
  c.claim_type = "837P";
  c.state = "RECEIVED";
  c.total_charge_cents = 12500;
  c.encounter_json = std::string(1500, 'e');  // a typical encounter's size
  c.claim_segments = std::string(600, 's');
  c.events.push_back(NewEvent{"received", "", "RECEIVED", "", ""});
  c.idempotency_key = "idem-" + std::to_string(n);
  c.request_hash = Sha256Hex(c.idempotency_key);
  c.response_body = R"({"id":"x","state":"RECEIVED"})";
  return c;
}

void ReportCommits(benchmark::State& state, const StoreStats& before, const StoreStats& after) {
  auto writes = static_cast<double>(after.writes - before.writes);
  auto commits = static_cast<double>(after.transactions - before.transactions);
  state.counters["writes_per_s"] = benchmark::Counter(writes, benchmark::Counter::kIsRate);
  state.counters["commits_per_s"] = benchmark::Counter(commits, benchmark::Counter::kIsRate);
  state.counters["writes_per_commit"] = commits > 0 ? writes / commits : 0;
}

// Async inserts with at most state.range(0) in flight (the API's concurrent requests).
void BM_InsertClaimsInFlight(benchmark::State& state) {
  auto dir = BenchDir();
  auto store = Open(dir);
  auto tenant = Wait<Tenant>([&](auto done) { store->CreateTenant("bench", done); });
  const int64_t in_flight_max = state.range(0);
  std::mutex mu;
  std::condition_variable cv;
  int64_t in_flight = 0, n = 0;
  std::atomic<int64_t> failures{0};
  StoreStats before = store->Stats();
  for (auto _ : state) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < in_flight_max; });
      ++in_flight;
    }
    store->InsertClaim(BenchClaim(tenant->id, n++), [&](Result<InsertClaimResult> r) {
      if (!r) ++failures;
      std::lock_guard lock(mu);
      --in_flight;
      cv.notify_one();
    });
  }
  store->Flush();
  ReportCommits(state, before, store->Stats());
  state.counters["failures"] = static_cast<double>(failures.load());
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_InsertClaimsInFlight)->Arg(1)->Arg(16)->Arg(64)->Arg(256)->UseRealTime();

// Blocking writers (worker threads that each wait for their commit): state.range(0) threads.
void BM_InsertClaimsBlockingThreads(benchmark::State& state) {
  auto dir = BenchDir();
  auto store = Open(dir);
  auto tenant = Wait<Tenant>([&](auto done) { store->CreateTenant("bench", done); });
  const int threads = static_cast<int>(state.range(0));
  constexpr int64_t kPerThread = 200;
  std::atomic<int64_t> next{0};
  StoreStats before = store->Stats();
  for (auto _ : state) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (int64_t i = 0; i < kPerThread; ++i) {
          int64_t n = next++;
          auto r = Wait<InsertClaimResult>(
              [&](auto done) { store->InsertClaim(BenchClaim(tenant->id, n), done); });
          if (!r || r->kind != InsertClaimResult::Kind::kCreated) std::abort();
        }
      });
    }
    for (auto& th : pool) th.join();
  }
  ReportCommits(state, before, store->Stats());
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_InsertClaimsBlockingThreads)->Arg(4)->Arg(64)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace claimgate::store

BENCHMARK_MAIN();
