package dev.chartharness.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("NOTES commands: what counts as one and how it is read")
class NotesCommandTest {

  private static final String NOTES = """
      Installed the thing in namespace web.

        kubectl --namespace web rollout status deployment/web-api
        kubectl --namespace web port-forward service/web-api 8080:80
        curl http://127.0.0.1:8080/healthz
        curl --resolve web.example.com:80:<controller address> http://web.example.com/
        http://web.example.com/api/      API
        kubectl -n web exec -it web-db-0 -- sh -c 'psql -c "select 1" -n x'
        kubectl -n web get service web-api -w
        kubectl -n web delete pvc data-web-db-0
        http://$(kubectl -n web get service web-api -o jsonpath='{.status.loadBalancer.ingress[0].ip}'):80/
      Prose is not a command, nor is a URL inside it: see http://web.example.com/docs.
      """;

  @Nested
  @DisplayName("Valid")
  class Valid {

    @Test
    @DisplayName("lines starting with kubectl, curl or a URL are commands, with their line numbers, in order")
    void commandsInOrder() {
      List<NotesCommand> commands = new ReleaseNotes("web", NOTES).commands();
      assertThat(commands).extracting(NotesCommand::line).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11);
      assertThat(commands).extracting(NotesCommand::kind).containsExactly(NotesCommand.Kind.KUBECTL, NotesCommand.Kind.PORT_FORWARD,
          NotesCommand.Kind.HTTP, NotesCommand.Kind.HTTP, NotesCommand.Kind.HTTP, NotesCommand.Kind.KUBECTL, NotesCommand.Kind.KUBECTL,
          NotesCommand.Kind.KUBECTL, NotesCommand.Kind.HTTP);
    }

    @Test
    @DisplayName("kubectl: the verb and arguments skip flags and their values, and stop at --")
    void kubectlArguments() {
      List<NotesCommand> commands = new ReleaseNotes("web", NOTES).commands();
      assertThat(commands.get(0).arguments()).containsExactly("rollout", "status", "deployment/web-api");
      assertThat(commands.get(5).verb()).isEqualTo("exec");
      assertThat(commands.get(5).arguments()).containsExactly("exec", "web-db-0");
      assertThat(commands.get(5).needsRealPods()).isTrue();
      assertThat(commands.get(0).needsRealPods()).isFalse();
    }

    @Test
    @DisplayName("port-forward keeps its printed local port; curl and URL lines give the URL")
    void portsAndUrls() {
      List<NotesCommand> commands = new ReleaseNotes("web", NOTES).commands();
      assertThat(commands.get(1).localPort()).isEqualTo(8080);
      assertThat(commands.get(2).url()).isEqualTo("http://127.0.0.1:8080/healthz");
      assertThat(commands.get(3).url()).isEqualTo("http://web.example.com/");
      assertThat(commands.get(4).url()).isEqualTo("http://web.example.com/api/");
      assertThat(commands.get(8).url()).startsWith("http://$(kubectl -n web get service web-api");
    }

    @Test
    @DisplayName("a watch and a delete are recognised: one is stopped after a while, the other not run")
    void watchAndDelete() {
      List<NotesCommand> commands = new ReleaseNotes("web", NOTES).commands();
      assertThat(commands.get(6).watches()).isTrue();
      assertThat(commands.get(6).destructive()).isFalse();
      assertThat(commands.get(7).destructive()).isTrue();
      assertThat(commands.get(0).watches()).isFalse();
    }

    @Test
    @DisplayName("notes whose commands all stand on their own lines have nothing misplaced")
    void nothingMisplaced() {
      assertThat(new ReleaseNotes("web", NOTES).misplacedCommands()).isEmpty();
    }
  }

  @Nested
  @DisplayName("Invalid")
  class Invalid {

    @Test
    @DisplayName("a kubectl command inside prose is reported with its line")
    void embeddedCommand() {
      ReleaseNotes notes = new ReleaseNotes("web", "Data is kept (delete it with: kubectl -n web delete pvc data).\n");
      assertThat(notes.misplacedCommands()).containsExactly("line 1: Data is kept (delete it with: kubectl -n web delete pvc data).");
    }

    @Test
    @DisplayName("a port-forward without LOCAL:REMOTE, a bare kubectl and an unknown curl option fail naming the line")
    void malformed() {
      assertThatThrownBy(() -> new ReleaseNotes("web", "  kubectl -n web port-forward service/web\n").commands())
          .hasMessage("NOTES line 1: port-forward needs TARGET LOCAL:REMOTE: kubectl -n web port-forward service/web");
      assertThatThrownBy(() -> new ReleaseNotes("web", "x\n  kubectl -n web\n").commands())
          .hasMessage("NOTES line 2: kubectl without a verb: kubectl -n web");
      assertThatThrownBy(() -> new ReleaseNotes("web", "  curl -k https://web/\n").commands())
          .hasMessageStartingWith("NOTES line 1: curl option -k is not one");
    }
  }
}
