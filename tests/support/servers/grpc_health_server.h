#pragma once
/// A real gRPC server (libgrpc++) serving only the standard health service, grpc.health.v1.Health,
/// as gRPC's own default implementation of it answers: the server as a whole ("") is SERVING; a named
/// service answers what setServing() last said, and NOT_FOUND before that.

#include <cstdint>
#include <memory>
#include <string>

namespace grpc {
class CallbackGenericService;
class Server;
}  // namespace grpc

namespace lecter::testing {

class GrpcHealthServer {
 public:
  /// Listens on `bind_ip`:`port` (0: an ephemeral port), plaintext, inside `netns_path` (empty: this
  /// namespace).
  explicit GrpcHealthServer(const std::string& bind_ip = "127.0.0.1", const std::string& netns_path = "",
                            std::uint16_t port = 0);
  ~GrpcHealthServer();
  GrpcHealthServer(const GrpcHealthServer&) = delete;
  GrpcHealthServer& operator=(const GrpcHealthServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  /// What Check answers for `service` from now on: SERVING or NOT_SERVING.
  void setServing(const std::string& service, bool serving);

 private:
  std::unique_ptr<grpc::CallbackGenericService> unimplemented_;
  std::unique_ptr<grpc::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace lecter::testing
