// Runs a shell command line for the CLI tests and collects its standard output and exit code.
// The command decides where standard error goes (add " 2>/dev/null" or " 2>&1").
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace claimgate::testing {

struct ShellRun {
  int exit_code = -1;  // -1 when the command could not run or was killed
  std::string out;
};

inline ShellRun Shell(const std::string& command) {
  ShellRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace claimgate::testing
