// A TCP forwarder on 127.0.0.1 that can be taken down and brought back on the same port, to play
// a payer outage in tests: down = the port refuses connections and open connections are cut.
// Header-only test helper; methods are called from the test thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace claimgate::pipeline::testing {

class ToggleProxy {
 public:
  explicit ToggleProxy(uint16_t target) : target_(target) {
    Listen(0);
    thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~ToggleProxy() {
    stop_ = true;
    thread_.join();
    SetUp(false);
    for (auto& t : pumps_) t.join();
  }
  uint16_t port() const { return port_; }

  void SetUp(bool up) {
    std::lock_guard<std::mutex> lock(mu_);
    if (up && listen_fd_ < 0) {
      Listen(port_);
    } else if (!up) {
      if (listen_fd_ >= 0) close(listen_fd_);
      listen_fd_ = -1;
      for (int fd : open_) shutdown(fd, SHUT_RDWR);
    }
  }

 private:
  void Listen(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd, 16);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    listen_fd_ = fd;
  }

  void AcceptLoop() {
    while (!stop_) {
      int fd;
      {
        std::lock_guard<std::mutex> lock(mu_);
        fd = listen_fd_;
      }
      if (fd < 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      std::lock_guard<std::mutex> lock(mu_);
      if (listen_fd_ != fd) continue;
      int client = accept(fd, nullptr, nullptr);
      if (client < 0) continue;
      int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(target_);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(client);
        close(server);
        continue;
      }
      open_.push_back(client);
      open_.push_back(server);
      pumps_.emplace_back([client, server] { Pump(client, server); });
    }
  }

  static void Pump(int a, int b) {
    char buf[16384];
    pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (true) {
      if (poll(p, 2, 1000) < 0) break;
      bool done = false;
      for (int i = 0; i < 2 && !done; ++i) {
        if (p[i].revents == 0) continue;
        ssize_t n = read(p[i].fd, buf, sizeof buf);
        if (n <= 0 || send(p[1 - i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) done = true;
      }
      if (done) break;
    }
    shutdown(a, SHUT_RDWR);
    shutdown(b, SHUT_RDWR);
  }

  uint16_t target_;
  uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<int> open_;
  std::vector<std::thread> pumps_;
  std::thread thread_;
};

}  // namespace claimgate::pipeline::testing
