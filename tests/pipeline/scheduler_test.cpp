// The outbound scheduler against a real OpenSSH sshd on loopback (tests/transport/sshd_fixture)
// and a real SQLite store: batching, delivery under the final name, control numbers across a
// restart, outages, cuts mid-upload, a changed host key, dead letters and operator actions.
#include "src/pipeline/scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "src/api/payers_api.hpp"
#include "src/ops/metrics.hpp"
#include "src/pipeline/batcher.hpp"
#include "src/transport/core_envelope.hpp"
#include "tests/pipeline/toggle_proxy.hpp"
#include "tests/store/store_test_util.hpp"
#include "tests/support/dev_certs.hpp"
#include "tests/transport/sshd_fixture.hpp"

namespace claimgate::pipeline {
namespace {

namespace fs = std::filesystem;
using store::testing::TempDir;
using transport::testing::CuttingProxy;
using transport::testing::SilentListener;
using transport::testing::SshdServer;

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return pred();
}

// Every ISA13 found in the final (non-temporary) files of `dir`.
std::vector<std::string> Isa13sIn(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name[0] == '.' || name.ends_with(".part")) continue;
    std::string bytes = transport::testing::ReadLocalFile(e.path().string());
    // ISA is fixed width: ISA13 is the 13th element.
    size_t pos = 0;
    for (int i = 0; i < 13; ++i) pos = bytes.find('*', pos) + 1;
    out.push_back(bytes.substr(pos, 9));
  }
  return out;
}

class SchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sshd_.ok()) << sshd_.error();
    store_ = store::testing::OpenStore(tmp_.File("claims.db"));
    ASSERT_TRUE(store_);
    tenant_ = store::testing::MakeTenant(*store_, "scheduler-test");
    responses_ = sshd_.dir() + "/responses";
    fs::create_directories(responses_);
  }

  // A payer file: common identities, window 0, 1 s backoff, then the transport block.
  core::PayerConfig ParsePayer(const std::string& id, const std::string& transport,
                               int max_attempts) {
    std::string toml =
        "id = \"" + id + "\"\nname = \"Test payer " + id +
        "\"\nclaim_types = [\"professional\", \"dental\"]\n"
        "[isa]\nsender_qualifier = \"ZZ\"\nsender_id = \"CLAIMGATE\"\n"
        "receiver_qualifier = \"ZZ\"\nreceiver_id = \"" +
        id +
        "\"\n"
        "[gs]\nsender_code = \"CLAIMGATE\"\nreceiver_code = \"" +
        id +
        "\"\n"
        "[batching]\nwindow_seconds = 0\nmax_claims = 50\n" +
        transport + "[retry]\nbase_delay_seconds = 1\nmax_delay_seconds = 1\nmax_attempts = " +
        std::to_string(max_attempts) + "\n[circuit]\nfailure_threshold = 100\nopen_seconds = 1\n";
    auto p = core::ParsePayerConfig(toml, id + ".toml");
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? *p : core::PayerConfig{};
  }
  // A payer on the test sshd (or a proxy in front of it).
  core::PayerConfig Payer(const std::string& id, uint16_t port, const std::string& fingerprint,
                          const std::string& upload_dir, int max_attempts = 3,
                          const std::string& after = "delete") {
    return ParsePayer(id,
                      "[transport]\nkind = \"sftp\"\n[transport.sftp]\nhost = \"127.0.0.1\"\n"
                      "port = " +
                          std::to_string(port) + "\nuser = \"" + sshd_.user() +
                          "\"\nkey_file = \"file:" + sshd_.user_key() +
                          "\"\nhost_key_fingerprint = \"" + fingerprint + "\"\nupload_dir = \"" +
                          upload_dir + "\"\nresponse_dirs = [\"" + responses_ +
                          "\"]\nafter_download = \"" + after + "\"\n",
                      max_attempts);
  }
  // A payer on the CORE test endpoint; the password comes from the environment.
  core::PayerConfig CorePayer(const std::string& id, const std::string& url,
                              const std::string& ca_file) {
    setenv("CG_SCHEDULER_TEST_CORE_PASSWORD", "synthetic-core-secret", 1);
    return ParsePayer(id,
                      "[transport]\nkind = \"core\"\n[transport.core]\nurl = \"" + url +
                          "\"\nencoding = \"mime\"\nusername = \"claimgate\"\n"
                          "password = \"env:CG_SCHEDULER_TEST_CORE_PASSWORD\"\nca_file = \"" +
                          ca_file + "\"\nsender_id = \"CLAIMGATE\"\nreceiver_id = \"" + id + "\"\n",
                      3);
  }
  // Development certificates (CA, server for localhost) in a temp dir.
  std::string MakeCerts() {
    std::string dir = tmp_.File("certs");
    EXPECT_TRUE(claimgate::testing::MakeDevCerts(dir));
    return dir;
  }
  core::PayerConfig Payer(const std::string& id = "PAYA") {
    return Payer(id, sshd_.port(), sshd_.host_fingerprint(), sshd_.data_dir());
  }

  // A QUEUED claim with a synthetic 837P body; `note_bytes` > 0 adds an NTE of that length.
  std::string QueueClaim(const std::string& payer_id, size_t note_bytes = 0) {
    static unsigned n = 0;
    char pcn[32];
    std::snprintf(pcn, sizeof pcn, "CG%016x", ++n);
    store::NewClaim c;
    c.tenant_id = tenant_.id;
    c.patient_control_number = pcn;
    c.payer_id = payer_id;
    c.claim_type = "837P";
    c.state = "QUEUED";
    c.total_charge_cents = 12500;
    c.encounter_json = "{}";
    c.claim_segments = std::string("BHT*0019*00*") + pcn + "*20261127*1200*CH\nCLM*" + pcn +
                       "*125***11:B:1*Y*A*Y*Y\nSV1*HC:99213*125*UN*1***1";
    if (note_bytes > 0) c.claim_segments += "\nNTE*ADD*" + std::string(note_bytes, 'X');
    c.events.push_back(store::NewEvent{"received", "", "RECEIVED", "", ""});
    c.events.push_back(store::NewEvent{"validated", "RECEIVED", "VALIDATED", "", ""});
    c.events.push_back(store::NewEvent{"queued", "VALIDATED", "QUEUED", "", ""});
    auto r = store::testing::Insert(*store_, std::move(c));
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->claim_id : "";
  }

  std::string StateOf(const std::string& claim_id) {
    auto c = store_->GetClaim(tenant_.id, claim_id, false);
    return c ? c->state : "?";
  }

  std::vector<store::Interchange> Interchanges(const std::string& payer, const std::string& s) {
    auto l = store_->ListInterchanges(payer, s, 1000);
    return l ? *l : std::vector<store::Interchange>{};
  }

  std::unique_ptr<Scheduler> MakeScheduler(std::vector<core::PayerConfig> payers) {
    SchedulerOptions o;
    o.tick = std::chrono::milliseconds(50);
    o.poll_interval = std::chrono::milliseconds(200);
    o.stats_interval = std::chrono::milliseconds(100);
    o.seed = 7;
    auto s = std::make_unique<Scheduler>(
        *store_, std::move(payers),
        [this](const std::string& payer, const std::string& name,
               std::string bytes) -> edi::Result<void> {
          std::lock_guard<std::mutex> lock(imported_mu_);
          imported_.push_back({payer + "|" + name, std::move(bytes)});
          return {};
        },
        &metrics_, o);
    auto started = s->Start();
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    return s;
  }

  SshdServer sshd_;
  TempDir tmp_;
  std::unique_ptr<store::SqliteStore> store_;
  store::Tenant tenant_;
  std::string responses_;
  ops::Registry metrics_;
  std::mutex imported_mu_;
  std::vector<std::pair<std::string, std::string>> imported_;
};

TEST_F(SchedulerTest, QueuedClaimsLeaveAsOneInterchangeUnderTheFinalNameWithTheStoredBytes) {
  std::vector<std::string> ids = {QueueClaim("PAYA"), QueueClaim("PAYA"), QueueClaim("PAYA")};
  auto scheduler = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  for (const auto& id : ids) EXPECT_TRUE(WaitFor([&] { return StateOf(id) == "SENT"; })) << id;
  scheduler->Stop();
  auto sent = Interchanges("PAYA", "SENT");
  auto x = store_->GetInterchange(sent[0].id, true);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->claim_ids.size(), 3u);
  std::string path = sshd_.data_dir() + "/" + x->file_name;
  ASSERT_TRUE(transport::testing::LocalFileExists(path)) << x->file_name;
  EXPECT_EQ(transport::testing::ReadLocalFile(path), x->bytes);
  EXPECT_EQ(transport::testing::CountEntries(sshd_.data_dir()), 1);  // no temporary file left
  EXPECT_EQ(x->sha256_hex, transport::Sha256Hex(x->bytes));
  auto snap = scheduler->Snapshot("PAYA");
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->interchanges_sent, 1);
  EXPECT_EQ(snap->circuit, "closed");
}

TEST_F(SchedulerTest, ControlNumbersNeverRepeatAcrossARestartOnTheSameStoreFile) {
  QueueClaim("PAYA");
  auto first = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  first.reset();
  store_.reset();  // close the store file, as a process exit would
  store_ = store::testing::OpenStore(tmp_.File("claims.db"));
  QueueClaim("PAYA");
  auto second = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 2; }));
  second.reset();
  auto isa13s = Isa13sIn(sshd_.data_dir());
  ASSERT_EQ(isa13s.size(), 2u);
  EXPECT_NE(isa13s[0], isa13s[1]);
  auto sent = Interchanges("PAYA", "SENT");
  EXPECT_NE(sent[0].isa13, sent[1].isa13);
  EXPECT_NE(sent[0].gs06, sent[1].gs06);
}

// A payer remembers the control numbers it has seen: a fresh store starts at the payer file's
// control_number_start, a lower start never moves a sequence back, and after a backup is
// restored a start above the last number sent continues the sequence.
TEST_F(SchedulerTest, ConfiguredStartsSeedAFreshStoreAndNeverMoveASequenceBack) {
  core::PayerConfig payer = Payer();
  payer.isa.control_number_start = 5000;
  payer.gs.control_number_start = 7000;
  QueueClaim("PAYA");
  auto first = MakeScheduler({payer});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  first.reset();
  EXPECT_EQ(Isa13sIn(sshd_.data_dir()), std::vector<std::string>{"000005000"});
  auto sent = Interchanges("PAYA", "SENT");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].isa13, 5000);
  EXPECT_EQ(sent[0].gs06, 7000);
  const std::string sent_first = sent[0].id;

  // Back to the default start: the store's next numbers stand.
  store_.reset();
  fs::copy_file(tmp_.File("claims.db"), tmp_.File("backup.db"));  // a backup, taken closed
  store_ = store::testing::OpenStore(tmp_.File("claims.db"));
  payer.isa.control_number_start = 1;
  payer.gs.control_number_start = 1;
  QueueClaim("PAYA");
  auto second = MakeScheduler({payer});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 2; }));
  second.reset();
  for (const store::Interchange& x : Interchanges("PAYA", "SENT")) {
    if (x.id == sent_first) continue;
    EXPECT_EQ(x.isa13, 5001);
    EXPECT_EQ(x.gs06, 7001);
  }

  // The backup restored (it knows only 5000): with the start set above the last number the
  // payer saw (5001), the next interchange is 5002, not a duplicate 5001.
  store_.reset();
  fs::copy_file(tmp_.File("backup.db"), tmp_.File("claims.db"),
                fs::copy_options::overwrite_existing);
  store_ = store::testing::OpenStore(tmp_.File("claims.db"));
  payer.isa.control_number_start = 5002;
  payer.gs.control_number_start = 7002;
  QueueClaim("PAYA");
  auto third = MakeScheduler({payer});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 2; }));
  third.reset();
  auto isa13s = Isa13sIn(sshd_.data_dir());
  std::sort(isa13s.begin(), isa13s.end());
  EXPECT_EQ(isa13s, (std::vector<std::string>{"000005000", "000005001", "000005002"}));
  for (const store::Interchange& x : Interchanges("PAYA", "SENT")) {
    if (x.id == sent_first) continue;
    EXPECT_EQ(x.isa13, 5002);
    EXPECT_EQ(x.gs06, 7002);
  }
}

TEST_F(SchedulerTest, PayerDownWithClaimsQueuedDeliversAllAfterItReturnsNoneTwice) {
  testing::ToggleProxy proxy(sshd_.port());
  for (int i = 0; i < 3; ++i) QueueClaim("PAYA");
  proxy.SetUp(false);
  auto scheduler =
      MakeScheduler({Payer("PAYA", proxy.port(), sshd_.host_fingerprint(), sshd_.data_dir())});
  ASSERT_TRUE(WaitFor([&] { return scheduler->Snapshot("PAYA")->consecutive_failures >= 2; }));
  EXPECT_EQ(Interchanges("PAYA", "").size(), 0u);  // nothing built while it cannot be sent
  for (int i = 0; i < 2; ++i) QueueClaim("PAYA");
  proxy.SetUp(true);
  ASSERT_TRUE(WaitFor([&] { return scheduler->Snapshot("PAYA")->interchanges_sent >= 1; },
                      std::chrono::seconds(30)));
  ASSERT_TRUE(WaitFor([&] { return scheduler->Snapshot("PAYA")->queue_depth == 0; }));
  scheduler->Stop();
  auto isa13s = Isa13sIn(sshd_.data_dir());
  std::set<std::string> unique(isa13s.begin(), isa13s.end());
  EXPECT_EQ(unique.size(), isa13s.size());
  size_t claims = 0;
  for (const auto& x : Interchanges("PAYA", "SENT")) {
    claims += store_->GetInterchange(x.id, false)->claim_ids.size();
  }
  EXPECT_EQ(claims, 5u);
}

TEST_F(SchedulerTest, CutMidUploadLeavesNoPartialFileAndIsResentWholeUnderTheSameNameAndIsa13) {
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back(QueueClaim("PAYA", 2000));
  {
    // SSH handshake and auth take a few kB; the cut lands inside the upload.
    CuttingProxy proxy(sshd_.port(), 9000);
    auto scheduler =
        MakeScheduler({Payer("PAYA", proxy.port(), sshd_.host_fingerprint(), sshd_.data_dir())});
    ASSERT_TRUE(WaitFor([&] {
      return !Interchanges("PAYA", "UNKNOWN").empty() || !Interchanges("PAYA", "SENT").empty();
    }));
    scheduler->Stop();
  }
  auto unknown = Interchanges("PAYA", "UNKNOWN");
  ASSERT_EQ(unknown.size(), 1u) << "the cut did not land inside the upload";
  EXPECT_TRUE(Isa13sIn(sshd_.data_dir()).empty());  // nothing under a final name
  // Restart pointing straight at sshd: the unknown interchange is resolved, then resent.
  auto scheduler = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  scheduler->Stop();
  auto x = store_->GetInterchange(unknown[0].id, true);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->state, "SENT");
  EXPECT_EQ(Interchanges("PAYA", "").size(), 1u);  // no new interchange was built
  std::string path = sshd_.data_dir() + "/" + unknown[0].file_name;
  EXPECT_EQ(transport::testing::ReadLocalFile(path), x->bytes);
  auto isa13s = Isa13sIn(sshd_.data_dir());
  ASSERT_EQ(isa13s.size(), 1u);
  EXPECT_EQ(std::stoll(isa13s[0]), x->isa13);
  for (const auto& id : ids) EXPECT_EQ(StateOf(id), "SENT");
}

TEST_F(SchedulerTest, UnknownOutcomeIsResolvedByCheckingTheRemoteNameWithoutANewInterchange) {
  QueueClaim("PAYA");
  auto first = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  first->Stop();
  // As if the connection had dropped after the rename: the store says UNKNOWN.
  auto sent = Interchanges("PAYA", "SENT")[0];
  auto u = store::Wait<store::Interchange>([&](auto done) {
    store_->UpdateInterchange(sent.id, store::InterchangeUpdate{"UNKNOWN", false, false, "cut"},
                              done);
  });
  ASSERT_TRUE(u);
  auto second = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  second->Stop();
  EXPECT_EQ(Interchanges("PAYA", "").size(), 1u);
  EXPECT_EQ(Isa13sIn(sshd_.data_dir()).size(), 1u);  // not uploaded twice
}

TEST_F(SchedulerTest, ChangedHostKeySendsNothingAndBlocksThePayer) {
  std::string id = QueueClaim("PAYA");
  auto scheduler = MakeScheduler(
      {Payer("PAYA", sshd_.port(), "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
             sshd_.data_dir())});
  ASSERT_TRUE(WaitFor([&] { return scheduler->Snapshot("PAYA")->blocked; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto snap = scheduler->Snapshot("PAYA");
  EXPECT_EQ(snap->connection, "blocked");
  EXPECT_NE(snap->last_failure_reason.find("host"), std::string::npos) << snap->last_failure_reason;
  EXPECT_EQ(transport::testing::CountEntries(sshd_.data_dir()), 0);
  EXPECT_EQ(StateOf(id), "QUEUED");
  EXPECT_TRUE(Interchanges("PAYA", "").empty());
  EXPECT_EQ(metrics_.AddGauge("claimgate_payer_blocked", "", {"payer"}).Value({"PAYA"}), 1.0);
}

TEST_F(SchedulerTest, DeadLetterAfterMaxAttemptsThenOperatorRetrySendsTheSameBytes) {
  std::string missing = sshd_.dir() + "/not-yet";
  std::string id = QueueClaim("PAYA");
  auto scheduler = MakeScheduler({Payer("PAYA", sshd_.port(), sshd_.host_fingerprint(), missing,
                                        /*max_attempts=*/2)});
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "DEAD_LETTER").size() == 1; },
                      std::chrono::seconds(30)));
  EXPECT_TRUE(WaitFor([&] { return StateOf(id) == "DEAD_LETTER"; }));
  auto dead = store_->GetInterchange(Interchanges("PAYA", "DEAD_LETTER")[0].id, true);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->attempts, 2);
  fs::create_directories(missing);
  auto found = scheduler->Retry("PAYA");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, 1);
  ASSERT_TRUE(WaitFor([&] { return Interchanges("PAYA", "SENT").size() == 1; }));
  EXPECT_TRUE(WaitFor([&] { return StateOf(id) == "SENT"; }));
  scheduler->Stop();
  EXPECT_EQ(Interchanges("PAYA", "").size(), 1u);
  EXPECT_EQ(transport::testing::ReadLocalFile(missing + "/" + dead->file_name), dead->bytes);
  auto events = store_->ListClaimEvents(tenant_.id, id);
  ASSERT_TRUE(events);
  std::vector<std::string> types;
  for (const auto& e : *events) types.push_back(e.type);
  EXPECT_NE(std::find(types.begin(), types.end(), "retry"), types.end());
}

TEST_F(SchedulerTest, PausedPayerNeitherBuildsNorSendsUntilResumed) {
  auto scheduler = MakeScheduler({Payer()});
  ASSERT_TRUE(scheduler->Pause("PAYA"));
  std::string id = QueueClaim("PAYA");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(StateOf(id), "QUEUED");
  EXPECT_TRUE(Interchanges("PAYA", "").empty());
  EXPECT_TRUE(scheduler->Snapshot("PAYA")->paused);
  ASSERT_TRUE(scheduler->Resume("PAYA"));
  EXPECT_TRUE(WaitFor([&] { return StateOf(id) == "SENT"; }));
  EXPECT_FALSE(scheduler->Pause("NOPE"));
}

TEST_F(SchedulerTest, OnePayerHangingDoesNotDelayAnother) {
  SilentListener silent;  // accepts TCP but never speaks: the SSH handshake hangs
  std::string slow_claim = QueueClaim("SLOW");
  std::string fast_claim = QueueClaim("PAYA");
  auto start = std::chrono::steady_clock::now();
  auto scheduler = MakeScheduler(
      {Payer("SLOW", silent.port(), sshd_.host_fingerprint(), sshd_.data_dir()), Payer()});
  ASSERT_TRUE(WaitFor([&] { return StateOf(fast_claim) == "SENT"; }));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(5));  // the SLOW handshake waits 10 s before failing
  EXPECT_EQ(StateOf(slow_claim), "QUEUED");
}

TEST_F(SchedulerTest, ResponsesAreImportedThenDeletedAndTempNamesAreSkipped) {
  std::string bytes = "ISA*synthetic response*~";
  {
    std::ofstream(responses_ + "/999_0001.x12") << bytes;
    std::ofstream(responses_ + "/.999_0002.x12") << "partial";
    std::ofstream(responses_ + "/999_0003.x12.part") << "partial";
  }
  auto scheduler = MakeScheduler({Payer()});
  ASSERT_TRUE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(imported_mu_);
    return !imported_.empty();
  }));
  ASSERT_TRUE(WaitFor([&] { return !fs::exists(responses_ + "/999_0001.x12"); }));
  scheduler->Stop();
  std::lock_guard<std::mutex> lock(imported_mu_);
  ASSERT_EQ(imported_.size(), 1u);
  EXPECT_EQ(imported_[0].first, "PAYA|" + responses_ + "/999_0001.x12");
  EXPECT_EQ(imported_[0].second, bytes);
  EXPECT_TRUE(fs::exists(responses_ + "/.999_0002.x12"));
  EXPECT_TRUE(fs::exists(responses_ + "/999_0003.x12.part"));
}

// Payer connections are shared by every tenant: the platform's operators act on them and see
// their figures; a tenant's keys see the directory and whether a payer is available, nothing
// more, and may not pause, resume or retry (one practice's admin paused everyone's payer).
TEST_F(SchedulerTest, PayerRoutesArePlatformActionsAndTenantsSeeOnlyTheDirectory) {
  auto scheduler = MakeScheduler({Payer()});
  api::PayersApi payers(*store_, *scheduler);
  api::Router router;
  payers.Register(router);
  auto key_for = [&](const std::string& tenant, store::Role role) {
    store::GeneratedKey k = store::GenerateApiKey();
    auto stored = store::Wait<store::ApiKey>(
        [&](auto done) { store_->CreateApiKey(tenant, role, k, "test", done); });
    EXPECT_TRUE(stored);
    return k.secret;
  };
  auto call = [&](const std::string& method, const std::string& path, const std::string& key) {
    api::Request r;
    r.method = method;
    r.path = path;
    r.target = path;
    r.client_ip = "127.0.0.1";
    r.request_id = "req-test";
    r.headers.Add("Authorization", "Bearer " + key);
    return router.Handle(r);
  };
  const std::string platform(store::kPlatformTenantId);
  std::string op = key_for(platform, store::Role::kPlatformOperator);
  std::string submitter = key_for(tenant_.id, store::Role::kSubmitter);
  EXPECT_EQ(call("GET", "/v1/payers", "cg_live_unknown").status, 401);
  auto list = call("GET", "/v1/payers", op);
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("\"id\":\"PAYA\""), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("\"queue_depth\""), std::string::npos) << list.body;
  for (store::Role role : {store::Role::kSubmitter, store::Role::kBiller, store::Role::kOperator,
                           store::Role::kAdmin}) {
    const std::string key = key_for(tenant_.id, role);
    auto seen = call("GET", "/v1/payers", key);
    EXPECT_EQ(seen.status, 200) << seen.body;
    EXPECT_NE(seen.body.find("\"id\":\"PAYA\""), std::string::npos) << seen.body;
    EXPECT_NE(seen.body.find("\"available\":true"), std::string::npos) << seen.body;
    for (const char* global : {"queue_depth", "interchanges_sent", "last_failure_reason",
                               "reject_rate_999", "interchanges_dead_letter"}) {
      EXPECT_EQ(seen.body.find(global), std::string::npos) << global << " " << seen.body;
    }
    for (const char* action : {"pause", "resume", "retry"}) {
      EXPECT_EQ(call("POST", std::string("/v1/payers/PAYA/") + action, key).status, 403)
          << store::RoleName(role) << " " << action;
    }
    EXPECT_FALSE(scheduler->Snapshot("PAYA")->paused);
  }
  EXPECT_EQ(call("GET", "/v1/payers/NOPE", op).status, 404);
  EXPECT_EQ(call("POST", "/v1/payers/PAYA/pause", op).status, 202);
  EXPECT_TRUE(scheduler->Snapshot("PAYA")->paused);
  auto one = call("GET", "/v1/payers/PAYA", op);
  EXPECT_NE(one.body.find("\"paused\":true"), std::string::npos) << one.body;
  auto tenant_view = call("GET", "/v1/payers/PAYA", submitter);
  EXPECT_NE(tenant_view.body.find("\"available\":false"), std::string::npos) << tenant_view.body;
  EXPECT_EQ(call("POST", "/v1/payers/PAYA/resume", op).status, 202);
  EXPECT_FALSE(scheduler->Snapshot("PAYA")->paused);
  auto retry = call("POST", "/v1/payers/PAYA/retry", key_for(platform, store::Role::kPlatformAdmin));
  EXPECT_EQ(retry.status, 202);
  EXPECT_NE(retry.body.find("\"dead_letter_interchanges\":0"), std::string::npos) << retry.body;
  store_->Flush();
  auto audit = store_->ListAudit(store::AuditFilter{});
  ASSERT_TRUE(audit);
  int payer_actions = 0;
  for (const auto& a : *audit) payer_actions += a.action.rfind("payer.", 0) == 0 ? 1 : 0;
  EXPECT_EQ(payer_actions, 3);  // pause, resume, retry (refused calls are not payer actions)
}

}  // namespace
}  // namespace claimgate::pipeline
