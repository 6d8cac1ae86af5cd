// The payer simulator's configuration (deploy/payer-sim.toml documents every key): where it keeps
// its state, its SFTP side (a managed OpenSSH sshd or an existing folder), its CAQH CORE side,
// the deterministic adjudication rules and the injected faults. Read once at start-up and
// validated strictly like the gateway config: every problem is "FILE: KEY.PATH: message".
// Plain values; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edi/result.hpp"

namespace claimgate::sim {

// What the payer decides, all deterministic (src/sim/README.md explains each rule).
struct AdjudicationRules {
  int allowed_percent = 80;       // allowed amount = this % of each line charge (rest: CO-45)
  int coinsurance_percent = 20;   // patient responsibility = this % of the allowed (PR-2)
  std::vector<std::string> deny_procedures = {"99499"};  // line denied CO-96, remark N130
  std::string deny_member_prefix = "DENY";    // claim denied in the 835: CLP02 4, CO-31
  std::string reject_member_prefix = "REJ";   // claim rejected in the 277CA: A3:21:IL
  std::vector<std::string> reject_billing_npis;  // claim rejected in the 277CA: A7:562:85
  bool always_ta1 = false;  // send a TA1 even when ISA14 = 0
  std::string payer_name = "CLAIMGATE PAYER SIMULATOR";
  std::string payer_id = "SIMPAYER";        // 835 N1*PR N104 (XV) and 277CA source id (PI)
  std::string payer_tax_id = "990000001";   // TRN03 = "1" + this
};

// Faults injected on purpose (deploy/payer-sim.toml and src/sim/README.md).
struct FaultConfig {
  int delay_ack_ms = 0;               // hold the 999/TA1 this long
  bool drop_ack = false;              // never send the 999 (a TA1 is still sent)
  bool duplicate_ack = false;         // send the 999 twice (two files / two retrievals)
  bool reject_all = false;            // every transaction set 999 R, so no 277CA nor 835
  bool remit_before_277ca = false;    // the 835 is due before the 277CA
  int http_5xx_first_n = 0;           // the first N CORE requests get HTTP 503
  int http_5xx_every_n = 0;           // then every Nth request gets 503 (0: never)
  int cut_connection_ms = 0;          // stop sshd this long after the first interchange answered
  bool change_host_key = false;       // make a new sshd host key at every start
};

struct SftpSideConfig {
  bool enabled = true;
  bool manage_sshd = true;   // start /usr/sbin/sshd; false: serve `root` of an existing server
  std::string sshd_path = "/usr/sbin/sshd";
  std::string address = "127.0.0.1";
  uint16_t port = 2222;                  // 0: any free port (tests)
  std::string user;                      // login allowed; empty: the user running the simulator
  std::string authorized_key_file;       // the gateway's public key (OpenSSH .pub)
  std::string root;                      // folder holding inbound/ and outbound/; empty: STATE/sftp
  std::string inbound_dir = "inbound";   // relative to root
  std::string outbound_dir = "outbound";
  int poll_ms = 200;                     // how often inbound/ is listed
};

struct CoreSideConfig {
  bool enabled = true;
  std::string address = "127.0.0.1";
  uint16_t port = 9443;  // 0: any free port (tests)
  std::string cert_file = "var/certs/server.crt";
  std::string key_file = "var/certs/server.key";
  std::string username = "claimgate";
  std::string password_env = "CLAIMGATE_SIM_CORE_PASSWORD";  // variable holding the password
  std::string password;  // set from password_env at load time (never written in the file)
  std::string receiver_id = "SIMCORE";
};

struct SimConfig {
  std::string state_dir = "var/sim";  // host key, processed-file state, counters
  int delay_277ca_ms = 1000;          // after the 999
  int delay_835_ms = 3000;            // after the 277CA (or the 999 when remit_before_277ca)
  AdjudicationRules rules;
  FaultConfig faults;
  SftpSideConfig sftp;
  CoreSideConfig core;
};

// Reads and validates a config file; the error message holds one line per problem.
edi::Result<SimConfig> LoadSimConfig(const std::string& path);
// The same from text; `source_name` is used in messages.
edi::Result<SimConfig> ParseSimConfig(std::string_view toml_text, std::string_view source_name);

}  // namespace claimgate::sim
