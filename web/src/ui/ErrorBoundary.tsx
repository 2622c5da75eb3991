import { Component, type ComponentChildren } from 'preact';

/** Catches a screen that throws while rendering, and offers a way on instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error?: Error }> {
  override state: { error?: Error } = {};

  override componentDidCatch(error: Error): void {
    this.setState({ error });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section aria-labelledby="error-title" class="panel">
        <h1 id="error-title">Something went wrong</h1>
        <p>This screen failed to show: {this.state.error.message}</p>
        <button type="button" onClick={() => location.reload()}>
          Reload fleetops
        </button>
      </section>
    );
  }
}
