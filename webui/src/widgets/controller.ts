// ipywidgets' Controller follows a gamepad of the browser. The page looks at
// ``navigator.getGamepads()[index]`` once a frame. When a pad is there, the page makes
// a model for each of its buttons and axes (opening their comms: the kernel makes the
// Button and Axis widgets from them) and fills in the Controller's name, mapping,
// ``connected`` and lists; then each frame it sends what changed (the pad's
// timestamp, each button's value and pressed, each axis' value). When the pad goes, or
// another pad takes its place, the page closes those models, empties the Controller
// and waits again. The kernel's widgets are read-only: only the page sets them.
import { referenced, type State, type WidgetManager, type WidgetModel } from "./manager";

export type Gamepads = () => readonly (Gamepad | null)[];
export type NextFrame = (step: () => void) => void;

const CONTROLS = "@jupyter-widgets/controls";

/** What the Controller says before a pad is there. */
export const WAITING_TEXT = "Connect a gamepad and press any of its buttons.";
export const UNSUPPORTED_TEXT = "This browser gives the page no gamepads.";

/** The state of a new button or axis model, in the Controller's module versions. */
function partState(controller: WidgetModel, kind: "Button" | "Axis", index: number, values: State): State {
  return {
    _model_module: CONTROLS,
    _model_module_version: controller.get<string>("_model_module_version") ?? "2.0.0",
    _model_name: `Controller${kind}Model`,
    _view_module: CONTROLS,
    _view_module_version: controller.get<string>("_view_module_version") ?? "2.0.0",
    _view_name: `Controller${kind}View`,
    description: String(index),
    ...values,
  };
}

function buttonValues(button: GamepadButton | undefined): State {
  return { value: button?.value ?? 0, pressed: button?.pressed ?? false };
}

export class GamepadWatch {
  private buttons: WidgetModel[] = [];
  private axes: WidgetModel[] = [];
  private following = false;

  constructor(
    private readonly manager: WidgetManager,
    private readonly controller: WidgetModel,
    private readonly gamepads: Gamepads | null,
    private readonly nextFrame: NextFrame = (step) => void requestAnimationFrame(step),
  ) {}

  /** Begin watching (nothing to watch where the browser has no gamepads). */
  start(): void {
    if (this.gamepads === null) return;
    if (this.controller.get("connected") === true) {
      // Filled in before this page opened (a reload): follow the parts the kernel has.
      void this.adoptParts().then(this.step);
    } else {
      this.step();
    }
  }

  private readonly step = (): void => {
    if (this.controller.closed || this.gamepads === null) return;
    const index = Number(this.controller.get("index") ?? 0);
    const pad = this.gamepads()[index] ?? null;
    const present = pad !== null && pad.connected && pad.index === index;
    if (this.following) {
      if (present && pad.id === this.controller.get("name")) this.follow(pad);
      else this.reset();
    } else if (present) {
      this.connect(pad);
    }
    this.nextFrame(this.step);
  };

  private connect(pad: Gamepad): void {
    const made = [
      ...pad.buttons.map((button, i) => this.manager.create(partState(this.controller, "Button", i, buttonValues(button)))),
      ...pad.axes.map((value, i) => this.manager.create(partState(this.controller, "Axis", i, { value }))),
    ];
    if (made.some((model) => model === null)) return; // the page cannot open comms
    const models = made as WidgetModel[];
    this.buttons = models.slice(0, pad.buttons.length);
    this.axes = models.slice(pad.buttons.length);
    this.following = true;
    this.controller.update({
      name: pad.id,
      mapping: pad.mapping,
      connected: true,
      timestamp: pad.timestamp,
      buttons: this.buttons.map((model) => `IPY_MODEL_${model.id}`),
      axes: this.axes.map((model) => `IPY_MODEL_${model.id}`),
    });
  }

  private follow(pad: Gamepad): void {
    if (pad.timestamp === this.controller.get("timestamp")) return; // nothing new
    this.controller.update({ timestamp: pad.timestamp, connected: true });
    this.buttons.forEach((model, i) => model.update(buttonValues(pad.buttons[i])));
    this.axes.forEach((model, i) => model.update({ value: pad.axes[i] ?? 0 }));
  }

  private reset(): void {
    for (const model of [...this.buttons, ...this.axes]) this.manager.close(model);
    this.buttons = [];
    this.axes = [];
    this.following = false;
    this.controller.update({ name: "", mapping: "", connected: false, timestamp: 0, buttons: [], axes: [] });
  }

  private async adoptParts(): Promise<void> {
    const ids = (key: string) => (this.controller.get<unknown[]>(key) ?? []).map(referenced).filter((id): id is string => id !== null);
    this.buttons = await Promise.all(ids("buttons").map((id) => this.manager.model(id)));
    this.axes = await Promise.all(ids("axes").map((id) => this.manager.model(id)));
    this.following = true;
  }
}
