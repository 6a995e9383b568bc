#include "support/servers/grpc_health_server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <stdexcept>

#include "support/common/in_namespace.h"

namespace lecter::testing {

GrpcHealthServer::GrpcHealthServer(const std::string& bind_ip, const std::string& netns_path,
                                   std::uint16_t port_wanted)
    : unimplemented_(std::make_unique<grpc::CallbackGenericService>()) {
  grpc::EnableDefaultHealthCheckService(true);
  int port = 0;
  runInNetworkNamespace(netns_path, [&] {
    grpc::ServerBuilder builder;
    const std::string host = bind_ip.find(':') != std::string::npos ? "[" + bind_ip + "]" : bind_ip;
    builder.AddListeningPort(host + ":" + std::to_string(port_wanted), grpc::InsecureServerCredentials(),
                             &port);
    // A server needs one service of its own before gRPC runs it; every other method is UNIMPLEMENTED.
    builder.RegisterCallbackGenericService(unimplemented_.get());
    server_ = builder.BuildAndStart();
  });
  if (!server_ || port <= 0) throw std::runtime_error("gRPC health server: cannot listen on " + bind_ip);
  port_ = static_cast<std::uint16_t>(port);
}

GrpcHealthServer::~GrpcHealthServer() { server_->Shutdown(); }

void GrpcHealthServer::setServing(const std::string& service, bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(service, serving);
}

}  // namespace lecter::testing
