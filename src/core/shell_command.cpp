#include "src/core/shell_command.hpp"

#include <sys/wait.h>

#include <cstdio>

namespace claimgate::core {

CommandResult RunShellCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[512];
  while (std::size_t n = std::fread(buf, 1, sizeof(buf), pipe)) result.output.append(buf, n);
  const int status = ::pclose(pipe);
  result.exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string ShellQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace claimgate::core
