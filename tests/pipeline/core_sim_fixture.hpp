// Test world for the scheduler over CAQH CORE: the payer simulator's State and CoreEndpoint behind
// claimgate's own api::Server on 127.0.0.1 with real TLS (development certificates made once per
// test program by certs/make-dev-certs.sh), started in-process. The route wraps the endpoint to
// count submissions and, on demand, to lose the answer to a submission (it waits past the
// client's deadline, without processing it or after processing it). Header-only; one CoreSim per
// test.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

#include "src/api/server.hpp"
#include "src/core/payer_config.hpp"
#include "src/sim/core_endpoint.hpp"
#include "src/sim/state.hpp"
#include "tests/store/store_test_util.hpp"
#include "tests/support/dev_certs.hpp"

namespace claimgate::pipeline::testing {

template <typename Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return pred();
}

inline std::string ReadExample(const std::string& name) {
  std::ifstream f(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/examples/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Moves an interchange's stored update time `ms` into the past (as if its last send attempt had
// been that long ago). The store must be closed.
inline bool BackdateInterchange(const std::string& db_path, const std::string& id, int64_t ms) {
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) return false;
  sqlite3_stmt* s = nullptr;
  bool ok =
      sqlite3_prepare_v2(db, "UPDATE interchanges SET updated_ms = updated_ms - ? WHERE id = ?", -1,
                         &s, nullptr) == SQLITE_OK &&
      sqlite3_bind_int64(s, 1, ms) == SQLITE_OK &&
      sqlite3_bind_text(s, 2, id.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(db) == 1;
  sqlite3_finalize(s);
  sqlite3_close(db);
  return ok;
}

class CoreSim {
 public:
  static constexpr char kPassword[] = "synthetic-core-test-password";

  CoreSim() {
    config_.state_dir = tmp_.File("sim");
    config_.delay_277ca_ms = 0;
    config_.delay_835_ms = 0;
    config_.sftp.enabled = false;
    config_.core.password = kPassword;
  }
  ~CoreSim() {
    if (server_) server_->RequestShutdown();
    if (thread_.joinable()) thread_.join();
  }

  // The development certificates (ca.crt, server.crt, server.key), made once per process.
  static const std::string& Certs() { return claimgate::testing::DevCerts(); }

  sim::SimConfig& config() { return config_; }  // before Start()

  bool Start() {
    state_ = std::make_unique<sim::State>(config_);
    if (auto opened = state_->Open(); !opened) return Fail(opened.error().message);
    endpoint_ = std::make_unique<sim::CoreEndpoint>(*state_);
    api::Router router;
    api::RouteOptions options;
    options.body = api::BodyClass::kBulk;
    options.blocking = true;
    options.public_route = true;  // CORE credentials are in the envelope
    router.Add(
        "POST", "/core",
        [this](const api::Request& r) {
          const bool submission = r.body.find("X12_837_Request_") != std::string::npos;
          if (submission) ++submissions_;
          if (submission && stall_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the deadline
            return api::Response::Text(500, "the answer is lost\n");
          }
          if (submission && lose_answers_) {
            (void)endpoint_->Handle(r);  // the payer takes the file; its answer never arrives
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            return api::Response::Text(500, "the answer is lost\n");
          }
          api::Response answer = endpoint_->Handle(r);
          const bool retrieval =
              r.body.find("X12_999_RetrievalRequest_") != std::string::npos ||
              r.body.find("X12_005010_Request_Batch_Results") != std::string::npos;
          if (retrieval && answer.status == 200 &&
              answer.body.find("NoResultsPending") == std::string::npos) {
            ++handed_out_;
          }
          return answer;
        },
        options);
    core::ServerConfig server;
    server.port = 0;
    server.io_threads = 1;
    server.worker_threads = 2;
    server.shutdown_grace_ms = 3000;
    server.tls.cert_file = Certs() + "/server.crt";
    server.tls.key_file = Certs() + "/server.key";
    server_ =
        std::make_unique<api::Server>(server, core::LimitsConfig{}, std::move(router), nullptr);
    if (auto started = server_->Start(); !started) return Fail(started.error().message);
    thread_ = std::thread([this] { server_->Run(false); });
    return true;
  }

  uint16_t port() const { return server_->port(); }
  const sim::State& state() const { return *state_; }
  const std::string& error() const { return error_; }
  int submissions() const { return submissions_; }
  int handed_out() const { return handed_out_; }  // retrievals answered with a file
  void stall_submissions(bool on) { stall_ = on; }
  // Submissions are processed, but the client never gets the answer (it times out).
  void lose_submission_answers(bool on) { lose_answers_ = on; }

  // A payer file for this simulator (`encoding` "mime" or "soap"); `port` 0 = the sim's own.
  core::PayerConfig Payer(const std::string& id, const std::string& encoding, uint16_t port = 0) {
    setenv("CG_CORE_SIM_TEST_PASSWORD", kPassword, 1);
    std::string url = "https://127.0.0.1:" + std::to_string(port ? port : this->port()) + "/core";
    std::string toml =
        "id = \"" + id +
        "\"\nname = \"CORE test payer\"\nclaim_types = [\"professional\"]\n"
        "[isa]\nsender_qualifier = \"ZZ\"\nsender_id = \"CLAIMGATE\"\nreceiver_qualifier = "
        "\"ZZ\"\nreceiver_id = \"SIMCORE\"\nusage = \"T\"\n"
        "[gs]\nsender_code = \"CLAIMGATE\"\nreceiver_code = \"SIMCORE\"\n"
        "[batching]\nwindow_seconds = 0\nmax_claims = 50\n"
        "[transport]\nkind = \"core\"\n[transport.core]\nurl = \"" +
        url + "\"\nencoding = \"" + encoding +
        "\"\nusername = \"claimgate\"\npassword = \"env:CG_CORE_SIM_TEST_PASSWORD\"\n"
        "ca_file = \"" +
        Certs() +
        "/ca.crt\"\nsender_id = \"CLAIMGATE\"\nreceiver_id = "
        "\"SIMCORE\"\n"
        "[retry]\nbase_delay_seconds = 1\nmax_delay_seconds = 1\nmax_attempts = 50\n"
        "[circuit]\nfailure_threshold = 100\nopen_seconds = 1\n";
    auto p = core::ParsePayerConfig(toml, id + ".toml");
    if (!p) {
      error_ = p.error().message;
      return core::PayerConfig{};
    }
    return *p;
  }

 private:
  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  store::testing::TempDir tmp_;
  sim::SimConfig config_;
  std::unique_ptr<sim::State> state_;
  std::unique_ptr<sim::CoreEndpoint> endpoint_;
  std::unique_ptr<api::Server> server_;
  std::thread thread_;
  std::string error_;
  std::atomic<int> submissions_{0};
  std::atomic<int> handed_out_{0};
  std::atomic<bool> stall_{false};
  std::atomic<bool> lose_answers_{false};
};

}  // namespace claimgate::pipeline::testing
