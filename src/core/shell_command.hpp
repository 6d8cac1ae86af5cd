// Running a short helper program through /bin/sh (ssh-keygen, openssl ...) and reading what it
// printed, for the parts that manage such programs (the simulator's sshd, test fixtures). Blocks
// until the command ends; never use it on a thread that serves requests. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace claimgate::core {

struct CommandResult {
  int exit_code = -1;  // -1 when the command could not start or did not exit normally
  std::string output;  // its standard output (standard error goes where the command says)
};

// Runs `command` with `sh -c` and collects its standard output.
CommandResult RunShellCommand(const std::string& command);

// `s` as one single-quoted shell word ('it'\''s'), for any bytes.
std::string ShellQuote(std::string_view s);

}  // namespace claimgate::core
