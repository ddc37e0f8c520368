package dev.residual.support;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} that checks every exchange against the {@link Contract}: JSON request
 * bodies against the operation's request schema, responses against the schema of their status and
 * media type. It records each exchange and every violation, for tests to assert on. Bodies are
 * buffered, which suits the small exchanges of tests.
 */
public final class ContractCheckingHttpClient extends HttpClient {

  /** One request and its answer, bodies as text (binary ones only by length). */
  public record Exchange(
      String method,
      String path,
      String requestBody,
      int status,
      String contentType,
      String responseBody) {}

  private final HttpClient delegate;
  private final Contract contract;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Long> lastSend = new ThreadLocal<>();

  public ContractCheckingHttpClient(HttpClient delegate, Contract contract) {
    this.delegate = delegate;
    this.contract = contract;
  }

  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  /**
   * When this thread's last request started ({@link System#nanoTime()}), before any body was read.
   */
  public long lastSendNanos() {
    return lastSend.get();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    lastSend.set(System.nanoTime());
    byte[] sent = request.bodyPublisher().map(ContractCheckingHttpClient::read).orElse(new byte[0]);
    HttpRequest replay =
        HttpRequest.newBuilder(request, (name, value) -> true)
            .method(
                request.method(),
                sent.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(sent))
            .build();
    String path = request.uri().getRawPath();
    String requestType = request.headers().firstValue("Content-Type").orElse("");
    if (requestType.contains("json")) {
      violations.addAll(contract.validateRequest(request.method(), path, requestType, utf8(sent)));
    }
    HttpResponse<byte[]> response = delegate.send(replay, HttpResponse.BodyHandlers.ofByteArray());
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    boolean text =
        contentType == null || contentType.contains("json") || contentType.startsWith("text/");
    String body = text ? utf8(response.body()) : "(" + response.body().length + " bytes)";
    exchanges.add(
        new Exchange(request.method(), path, utf8(sent), response.statusCode(), contentType, body));
    violations.addAll(
        contract.validateResponse(
            request.method(), path, response.statusCode(), contentType, body));
    return new Buffered<>(response, convert(response, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return send(request, handler);
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return sendAsync(request, handler);
  }

  private static <T> T convert(HttpResponse<byte[]> response, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    HttpResponse.ResponseInfo info =
        new HttpResponse.ResponseInfo() {
          @Override
          public int statusCode() {
            return response.statusCode();
          }

          @Override
          public HttpHeaders headers() {
            return response.headers();
          }

          @Override
          public HttpClient.Version version() {
            return response.version();
          }
        };
    HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
    subscriber.onNext(List.of(ByteBuffer.wrap(response.body())));
    subscriber.onComplete();
    try {
      return subscriber.getBody().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /** Reads what a publisher would send. */
  private static byte[] read(HttpRequest.BodyPublisher publisher) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          private final List<byte[]> chunks = new ArrayList<>();

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            chunks.add(chunk);
          }

          @Override
          public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
          }

          @Override
          public void onComplete() {
            int size = chunks.stream().mapToInt(c -> c.length).sum();
            byte[] all = new byte[size];
            int offset = 0;
            for (byte[] chunk : chunks) {
              System.arraycopy(chunk, 0, all, offset, chunk.length);
              offset += chunk.length;
            }
            result.complete(all);
          }
        });
    return result.join();
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  /** The delegate's response with the body converted for the caller's handler. */
  private record Buffered<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {

    @Override
    public int statusCode() {
      return raw.statusCode();
    }

    @Override
    public HttpRequest request() {
      return raw.request();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return raw.headers();
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return raw.sslSession();
    }

    @Override
    public URI uri() {
      return raw.uri();
    }

    @Override
    public HttpClient.Version version() {
      return raw.version();
    }
  }
}
