// Upload throughput of SftpClient for a 10 MB blob to a real sshd on loopback (temporary keys,
// the fixture from tests/transport). Each iteration uploads under a new name then removes it.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "src/transport/sftp_client.hpp"
#include "tests/transport/sshd_fixture.hpp"

namespace {

using claimgate::transport::SftpClient;
using claimgate::transport::SftpOptions;

void BM_SftpUpload10MB(benchmark::State& state) {
  claimgate::transport::testing::SshdServer sshd;
  if (!sshd.ok()) {
    state.SkipWithError(sshd.error().c_str());
    return;
  }
  SftpOptions o;
  o.port = sshd.port();
  o.user = sshd.user();
  o.private_key_file = sshd.user_key();
  o.host_key_sha256 = sshd.host_fingerprint();
  SftpClient client(o);
  if (!client.Connect()) {
    state.SkipWithError("connect failed");
    return;
  }
  const std::string blob(10 * 1024 * 1024, 'x');
  int i = 0;
  for (auto _ : state) {
    std::string name = "bench-" + std::to_string(i++) + ".x12";
    auto up = client.Upload(sshd.data_dir(), name, blob);
    if (!up) {
      state.SkipWithError(up.error().message.c_str());
      return;
    }
    state.PauseTiming();
    (void)client.Remove(sshd.data_dir() + "/" + name);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(blob.size()));
}
BENCHMARK(BM_SftpUpload10MB)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
